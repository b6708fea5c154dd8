import type { ChartSettings } from '../chart/ChartModel.ts';
import type { ExperimentLabel } from '../chart/experimentLabel.ts';

const EXPERIMENTS: Record<string, ExperimentLabel | undefined> = {
  none: undefined,
  cms: { experiment: 'CMS', status: 'Preliminary', luminosity: 138, energy: 13 },
  atlas: { experiment: 'ATLAS', status: 'Internal', luminosity: 140, energy: 13 },
};

/** The view controls of a histogram chart: style, scale, normalise, rebin, ratio, stack, experiment label. */
export function ChartToolbar(props: { settings: ChartSettings; onChange: (next: ChartSettings) => void; series: number }): JSX.Element {
  const { settings, onChange } = props;
  const set = (patch: Partial<ChartSettings>): void => onChange({ ...settings, ...patch });
  const experimentKey = Object.entries(EXPERIMENTS).find(([, v]) => v?.experiment === settings.experiment?.experiment)?.[0] ?? 'none';
  return (
    <div className="afkit-hist-toolbar" role="toolbar" aria-label="Histogram view">
      <label>
        Style{' '}
        <select className="afkit-input" value={settings.style ?? 'step'} onChange={(e) => set({ style: e.target.value as 'step' | 'filled' })}>
          <option value="step">step</option>
          <option value="filled">filled</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={settings.logY ?? false} onChange={(e) => set({ logY: e.target.checked })} /> log y
      </label>
      <label>
        <input type="checkbox" checked={settings.normalize ?? false} onChange={(e) => set({ normalize: e.target.checked })} /> normalise
      </label>
      <label>
        <input type="checkbox" checked={settings.errorBars ?? (settings.style ?? 'step') === 'step'} onChange={(e) => set({ errorBars: e.target.checked })} /> errors
      </label>
      <label>
        Rebin{' '}
        <select className="afkit-input" value={settings.rebin ?? 1} onChange={(e) => set({ rebin: Number(e.target.value) })}>
          {[1, 2, 4, 5, 10].map((n) => (
            <option key={n} value={n}>
              {n === 1 ? 'none' : `×${n}`}
            </option>
          ))}
        </select>
      </label>
      {props.series > 1 && (
        <>
          <label>
            <input type="checkbox" checked={settings.stack ?? false} onChange={(e) => set({ stack: e.target.checked })} /> stack
          </label>
          <label>
            <input type="checkbox" checked={Boolean(settings.ratio)} onChange={(e) => set({ ratio: e.target.checked })} /> ratio
          </label>
        </>
      )}
      <label>
        Label{' '}
        <select className="afkit-input" value={experimentKey} onChange={(e) => set({ experiment: EXPERIMENTS[e.target.value] })}>
          <option value="none">none</option>
          <option value="cms">CMS Preliminary</option>
          <option value="atlas">ATLAS Internal</option>
        </select>
      </label>
    </div>
  );
}
