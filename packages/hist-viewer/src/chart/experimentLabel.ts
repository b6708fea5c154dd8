import type { ChartTheme } from './ChartTheme.ts';

/** An mplhep-style experiment label: "CMS Preliminary" on the left, "138 fb⁻¹ (13 TeV)" on the right. */
export interface ExperimentLabel {
  /** "CMS", "ATLAS", "LHCb", "ALICE" or any name. */
  readonly experiment: string;
  /** "Preliminary", "Internal", "Simulation", "Work in progress"… */
  readonly status?: string;
  /** Integrated luminosity in fb⁻¹. */
  readonly luminosity?: number;
  /** Centre-of-mass energy in TeV. */
  readonly energy?: number;
}

/**
 * ECharts `graphic` texts for the label, placed above the plot area like mplhep's `cms.label` /
 * `atlas.label`: CMS bold with the status in italics, ATLAS bold italic with the status upright.
 */
export function experimentGraphics(label: ExperimentLabel, theme: ChartTheme, left: number, right: number, top: number): object[] {
  const atlas = label.experiment.toUpperCase() === 'ATLAS';
  const name = atlas ? '{ai|ATLAS}' : `{b|${escapeRich(label.experiment)}}`;
  const status = label.status ? (atlas ? ` {n|${escapeRich(label.status)}}` : ` {i|${escapeRich(label.status)}}`) : '';
  const lumi = label.luminosity !== undefined ? `${formatLumi(label.luminosity)} fb⁻¹` : '';
  const energy = label.energy !== undefined ? `${label.energy} TeV` : '';
  const rightText = atlas
    ? [energy && `√s = ${energy}`, lumi].filter(Boolean).join(', ')
    : [lumi, energy && (lumi ? `(${energy})` : energy)].filter(Boolean).join(' ');
  const font = { fontFamily: theme.font, fill: theme.fg };
  const texts: object[] = [
    {
      type: 'text',
      id: 'experiment',
      left,
      top,
      silent: true,
      style: {
        ...font,
        text: name + status,
        rich: {
          b: { fontWeight: 'bold', fontSize: 16, fontFamily: theme.font, fill: theme.fg },
          ai: { fontWeight: 'bold', fontStyle: 'italic', fontSize: 16, fontFamily: theme.font, fill: theme.fg },
          i: { fontStyle: 'italic', fontSize: 13, fontFamily: theme.font, fill: theme.fg },
          n: { fontSize: 13, fontFamily: theme.font, fill: theme.fg },
        },
      },
    },
  ];
  if (rightText) texts.push({ type: 'text', id: 'luminosity', right, top: top + 2, silent: true, style: { ...font, text: rightText, fontSize: 13 } });
  return texts;
}

function formatLumi(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** Rich-text markup uses {name|…}; braces and pipes in user text must not open a style. */
function escapeRich(text: string): string {
  return text.replace(/[{}|]/g, '');
}
