// Types for the parts of jsroot's I/O module that afkit uses to parse file structure (jsroot ships no types for 'jsroot/io').
declare module 'jsroot/io' {
  /** jsroot's random-access hook: afkit implements it over its own byte sources. */
  export class FileProxy {
    openFile(): Promise<boolean>;
    getFileName(): string;
    getFileSize(): number;
    readBuffer(position: number, length: number): Promise<DataView | null>;
    closeFile(): void;
  }
  export interface JsrootKey {
    fName: string;
    fCycle: number;
    fClassName: string;
    fTitle: string;
    fNbytes: number;
    fObjlen: number;
    fKeylen: number;
    fSeekKey: number;
  }
  /** jsroot's reader of one object record's bytes. */
  export class TBuffer {
    constructor(arr: DataView, pos: number, file: JsrootFile);
    fTagOffset: number;
  }
  export interface JsrootFile {
    fKeys: JsrootKey[];
    readObject(name: string, cycle?: number): Promise<unknown>;
    /** Reads and decompresses one object record: every object jsroot reads goes through it. */
    readObjBuffer(key: JsrootKey): Promise<TBuffer>;
    delete(): void;
  }
  export function openFile(source: string | FileProxy | ArrayBuffer): Promise<JsrootFile>;
}

declare module 'jsroot/tree' {
  /** jsroot's entry-by-entry tree reader, used here only as the independent reference in tests and benchmarks. */
  export class TSelector {
    tgtobj: Record<string, unknown>;
    addBranch(branch: string): number;
    Process(entry: number): void;
    Terminate(ok: boolean): void;
  }
  export function treeProcess(tree: unknown, selector: TSelector, args?: { numentries?: number; firstentry?: number }): Promise<unknown>;
}
