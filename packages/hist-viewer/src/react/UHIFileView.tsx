import { useMemo } from 'react';
import { readUHIFile } from '../uhi/fromUHI.ts';
import { HistogramBrowser, useToggleSelection } from './HistogramBrowser.tsx';

/** Props of {@link UHIFileView}: a UHI JSON file's name and text, as the host read it. */
export interface UHIFileViewProps {
  readonly name: string;
  readonly text: string;
}

/**
 * A UHI JSON file (as hist writes it: `{name: histogram, …}`) drawn with the Histograms panel's chart; the first
 * histogram is selected. A file that is not valid UHI shows what is wrong with it, naming the histogram and field.
 */
export function UHIFileView({ name, text }: UHIFileViewProps): JSX.Element {
  const read = useMemo(() => {
    try {
      return { histograms: readUHIFile(text, name) };
    } catch (e) {
      return { error: `${name} is not a UHI histogram file: ${(e as Error).message}` };
    }
  }, [name, text]);
  const histograms = read.histograms ?? new Map();
  const [selected, toggle] = useToggleSelection([...histograms.keys()].slice(0, 1));
  const items = [...histograms].map(([n, h]) => ({ name: n, detail: `${h.rank}D · ${h.shape().join(' × ')} bins · ${h.kind}` }));
  const series = selected.filter((n) => histograms.has(n)).map((n) => ({ name: n, histogram: histograms.get(n)! }));
  return <HistogramBrowser title={name} items={items} selected={selected} onToggle={toggle} series={series} error={read.error} loading="" empty="This file holds no histograms." />;
}
