/** A growable Int32 list for row numbers. */
export class Growable {
  private data = new Int32Array(1024);
  length = 0;

  /** Appends a value and returns its position. */
  push(value: number): number {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  /** The last value, or -1 when empty. */
  top(): number {
    return this.length > 0 ? this.data[this.length - 1]! : -1;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
