import { execFile } from 'node:child_process';

/** One GPU as `nvidia-smi` lists it. */
export interface GpuInfo {
  readonly index: number;
  readonly name: string;
  /** MiB. */
  readonly memoryMiB: number;
}

/** The machine's NVIDIA GPUs, or undefined when `nvidia-smi` is missing or fails (no driver, no GPU). */
export function listGpus(command = 'nvidia-smi'): Promise<GpuInfo[] | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['--query-gpu=index,name,memory.total', '--format=csv,noheader'], { timeout: 10_000 }, (error, stdout) => {
      resolve(error ? undefined : parseNvidiaSmi(stdout));
    });
  });
}

/** Parses `nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader` ("0, NVIDIA H100, 81559 MiB"). */
export function parseNvidiaSmi(text: string): GpuInfo[] {
  return text
    .split('\n')
    .map((line) => line.split(',').map((part) => part.trim()))
    .filter((parts) => parts.length >= 3 && /^\d+$/.test(parts[0]!))
    .map(([index, name, memory]) => ({ index: Number(index), name: name!, memoryMiB: Number.parseFloat(memory!) }));
}
