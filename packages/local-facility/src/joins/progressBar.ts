import type { JoinProgress } from '@afkit/join-engine';

/** A stream the CLI writes to; `isTTY` decides between redrawing in place and printing lines. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * A progress bar for join phases on stderr: redrawn in place on a terminal, one line per phase and tenth elsewhere
 * (so CI logs stay short). `end` finishes the line.
 */
export function progressBar(sink: TextSink): { update(progress: JoinProgress): void; end(): void } {
  let drawn = false;
  let lastStep = '';
  return {
    update(p) {
      const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const label = p.phase === 'scan' ? 'scanning keys' : p.phase === 'join' ? 'joining     ' : 'writing     ';
      const width = Math.max(10, Math.min(40, (sink.columns ?? 80) - 50));
      const filled = Math.round(fraction * width);
      const line = `${label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(Math.round(fraction * 100)).padStart(3)}%  ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} rows`;
      if (sink.isTTY) {
        sink.write(`\r\x1b[2K${line}`);
        drawn = true;
        return;
      }
      const step = `${p.phase}:${Math.floor(fraction * 10)}`;
      if (step === lastStep) return;
      lastStep = step;
      sink.write(`${line}\n`);
    },
    end() {
      if (drawn) sink.write('\n');
      drawn = false;
    },
  };
}
