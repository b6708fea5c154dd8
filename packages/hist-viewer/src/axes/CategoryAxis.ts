import { FacilityError } from '@afkit/core';
import type { Axis, AxisOptions, AxisValues } from './Axis.ts';
import { uhiAxisExtras } from './Axis.ts';
import type { Metadata, UHICategoryIntAxis, UHICategoryStrAxis, WriterInfo } from '../uhi/UHITypes.ts';

/** Options of a {@link CategoryAxis}: as in boost-histogram, `flow` defaults to on unless the axis grows. */
export interface CategoryAxisOptions extends AxisOptions {
  /** Unknown values add a category instead of going to the "other" bin. */
  readonly growth?: boolean;
  /** An "other" bin at the overflow position for values that are not a category. */
  readonly flow?: boolean;
}

/** Categorical bins of integers (`category_int`) or strings (`category_str`), in the order given. */
export class CategoryAxis<T extends number | string = number | string> implements Axis {
  readonly kind: 'category_int' | 'category_str';
  readonly underflow = false;
  readonly overflow: boolean;
  readonly growth: boolean;
  readonly metadata: Metadata;
  readonly writerInfo: WriterInfo | undefined;
  private readonly cats: T[];
  private readonly lookup = new Map<T, number>();

  constructor(categories: readonly T[], kind: 'category_int' | 'category_str', options: CategoryAxisOptions = {}) {
    this.kind = kind;
    this.growth = options.growth ?? false;
    this.overflow = options.flow ?? !this.growth;
    this.metadata = { ...options.metadata };
    this.writerInfo = options.writerInfo;
    this.cats = [];
    for (const c of categories) {
      if (kind === 'category_int' ? !Number.isInteger(c) : typeof c !== 'string') {
        throw new FacilityError('invalid-input', `A ${kind} axis cannot hold the category ${JSON.stringify(c)}.`);
      }
      if (this.lookup.has(c)) throw new FacilityError('invalid-input', `Category ${JSON.stringify(c)} appears twice.`);
      this.add(c);
    }
  }

  /** An integer category axis. */
  static int(categories: readonly number[], options?: CategoryAxisOptions): CategoryAxis<number> {
    return new CategoryAxis<number>(categories, 'category_int', options);
  }

  /** A string category axis. */
  static str(categories: readonly string[], options?: CategoryAxisOptions): CategoryAxis<string> {
    return new CategoryAxis<string>(categories, 'category_str', options);
  }

  get bins(): number {
    return this.cats.length;
  }

  get extent(): number {
    return this.cats.length + (this.overflow ? 1 : 0);
  }

  /** The categories, in bin order. */
  get categories(): readonly T[] {
    return this.cats;
  }

  /** The bin of a category, or undefined. */
  indexOf(category: T): number | undefined {
    return this.lookup.get(category);
  }

  indexColumn(values: AxisValues, out: Int32Array): void {
    const OTHER = -2;
    const isInt = this.kind === 'category_int';
    for (let k = 0; k < values.length; k++) {
      const raw = values[k];
      let key: T | undefined;
      if (isInt) {
        const x = Math.trunc(Number(raw));
        key = (Number.isFinite(x) ? x : undefined) as T | undefined;
      } else key = String(raw) as T;
      let index = key === undefined ? undefined : this.lookup.get(key);
      if (index === undefined) index = key !== undefined && this.growth ? this.add(key) : OTHER;
      out[k] = index;
    }
    // The "other" bin sits after the categories, so its index is known only once growth is done.
    const other = this.overflow ? this.cats.length : -1;
    for (let k = 0; k < values.length; k++) if (out[k] === OTHER) out[k] = other;
  }

  equals(other: Axis): boolean {
    return (
      other instanceof CategoryAxis &&
      other.kind === this.kind &&
      other.overflow === this.overflow &&
      other.growth === this.growth &&
      other.cats.length === this.cats.length &&
      other.cats.every((c, i) => c === this.cats[i])
    );
  }

  describe(): string {
    const shown = this.cats.slice(0, 5).map((c) => JSON.stringify(c)).join(', ');
    return `${this.kind}([${shown}${this.cats.length > 5 ? ', …' : ''}]; flow=${this.overflow}, growth=${this.growth})`;
  }

  binLabel(i: number): string {
    return String(this.cats[i]);
  }

  toUHI(): UHICategoryIntAxis | UHICategoryStrAxis {
    const writerInfo = this.growth
      ? { ...this.writerInfo, 'boost-histogram': { ...this.writerInfo?.['boost-histogram'], growth: true } }
      : this.writerInfo;
    const extras = uhiAxisExtras(this.metadata, writerInfo);
    return this.kind === 'category_int'
      ? { type: 'category_int', categories: [...(this.cats as number[])], flow: this.overflow, ...extras }
      : { type: 'category_str', categories: [...(this.cats as string[])], flow: this.overflow, ...extras };
  }

  clone(): CategoryAxis<T> {
    return this.withCategories(this.cats);
  }

  /** A copy of this axis (same kind and options) holding other categories; used to merge grown axes. */
  withCategories(categories: readonly T[]): CategoryAxis<T> {
    return new CategoryAxis<T>(categories, this.kind, {
      growth: this.growth,
      flow: this.overflow,
      metadata: this.metadata,
      writerInfo: this.writerInfo,
    });
  }

  private add(category: T): number {
    this.lookup.set(category, this.cats.length);
    this.cats.push(category);
    return this.cats.length - 1;
  }
}
