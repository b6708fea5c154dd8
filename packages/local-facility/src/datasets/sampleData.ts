import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Bool, Field, Float32, Int32, List, RecordBatch, Schema, Struct, Uint32, Uint64, makeData, type DataType, type Data } from 'apache-arrow';
import { writeArrowIpc } from '@afkit/io';

/** Options of {@link writeSampleDataset}. */
export interface SampleDatasetOptions {
  /** How many files (default 3). */
  readonly files?: number;
  /** Entries per file (default 20,000). */
  readonly entries?: number;
  /** Rows per record batch inside a file (default 5,000), so reads stream several batches. */
  readonly batchSize?: number;
  /** PRNG seed: the same seed gives the same bytes. */
  readonly seed?: number;
}

/** The first event number: above 2^53, so a reader that goes through JavaScript Numbers shows wrong values. */
export const SAMPLE_FIRST_EVENT = 2n ** 53n + 1n;

/** Branch documentation as NanoAOD writes it into branch titles. */
const DOCS: Record<string, string> = {
  run: 'run/i',
  luminosityBlock: 'luminosityBlock/i',
  event: 'event/l',
  nMuon: 'slimmedMuons after basic selection (pt > 3 && (passed(\'CutBasedIdLoose\') || passed(\'SoftCutBasedId\')))',
  Muon_pt: 'pt',
  Muon_eta: 'eta',
  Muon_phi: 'phi',
  Muon_charge: 'electric charge',
  Muon_tightId: 'cut-based ID, tight WP',
  nJet: 'slimmedJets, i.e. ak4 PFJets CHS with JECs applied, after basic selection (pt > 15)',
  Jet_pt: 'pt',
  Jet_eta: 'eta',
  Jet_phi: 'phi',
  Jet_btagDeepB: 'DeepCSV b+bb tag discriminator',
  MET_pt: 'pt',
  MET_phi: 'phi',
  PV_npvs: 'total number of reconstructed primary vertices',
  HLT_IsoMu24: 'Trigger/flag bit (process: HLT)',
  genWeight: 'generator weight',
};

/** A small deterministic PRNG (mulberry32), so sample files are byte-identical across runs and machines. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function field(name: string, type: DataType): Field {
  return new Field(name, type, false, new Map([['doc', DOCS[name] ?? '']]));
}

function jagged(type: DataType, offsets: Int32Array, values: Data): Data {
  return makeData({ type: new List(new Field('item', type, false)), length: offsets.length - 1, nullCount: 0, valueOffsets: offsets, child: values });
}

/** One batch of NanoAOD-like events: `count` entries starting at event index `first` of the whole sample. */
function sampleBatch(first: number, count: number, next: () => number): RecordBatch {
  const exp = (mean: number): number => -mean * Math.log(1 - next());
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * next();
  const run = new Uint32Array(count);
  const lumi = new Uint32Array(count);
  const event = new BigUint64Array(count);
  const nMuon = new Uint32Array(count);
  const nJet = new Uint32Array(count);
  const metPt = new Float32Array(count);
  const metPhi = new Float32Array(count);
  const npvs = new Int32Array(count);
  const trigger = new Uint8Array(Math.ceil(count / 8));
  const genWeight = new Float32Array(count);
  const muonOffsets = new Int32Array(count + 1);
  const jetOffsets = new Int32Array(count + 1);
  const muons: number[][] = [[], [], [], [], []];
  const jets: number[][] = [[], [], [], []];
  for (let i = 0; i < count; i++) {
    const global = first + i;
    run[i] = 320_000 + Math.floor(global / 50_000);
    lumi[i] = 1 + Math.floor(global / 500);
    event[i] = SAMPLE_FIRST_EVENT + BigInt(global);
    const mu = next() < 0.1 ? 0 : next() < 0.7 ? 2 : 1 + Math.floor(next() * 4);
    nMuon[i] = mu;
    for (let m = 0; m < mu; m++) {
      muons[0]!.push(m < 2 ? 25 + exp(15) : 3 + exp(8));
      muons[1]!.push(uniform(-2.4, 2.4));
      muons[2]!.push(uniform(-Math.PI, Math.PI));
      muons[3]!.push(next() < 0.5 ? -1 : 1);
      muons[4]!.push(next() < 0.8 ? 1 : 0);
    }
    muonOffsets[i + 1] = muonOffsets[i]! + mu;
    const nj = Math.floor(exp(2.5)) % 10;
    nJet[i] = nj;
    for (let j = 0; j < nj; j++) {
      jets[0]!.push(15 + exp(30));
      jets[1]!.push(uniform(-4.7, 4.7));
      jets[2]!.push(uniform(-Math.PI, Math.PI));
      jets[3]!.push(next());
    }
    jetOffsets[i + 1] = jetOffsets[i]! + nj;
    metPt[i] = exp(25);
    metPhi[i] = uniform(-Math.PI, Math.PI);
    npvs[i] = 10 + Math.floor(exp(15));
    if (mu > 0 && next() < 0.9) trigger[i >> 3]! |= 1 << (i & 7);
    genWeight[i] = next() < 0.02 ? -1 : 1;
  }
  const f32 = (v: number[]): Data => makeData({ type: new Float32(), length: v.length, data: Float32Array.from(v) });
  const i32 = (v: number[]): Data => makeData({ type: new Int32(), length: v.length, data: Int32Array.from(v) });
  const bits = (v: number[]): Data => {
    const out = new Uint8Array(Math.ceil(v.length / 8));
    v.forEach((b, k) => (out[k >> 3]! |= b << (k & 7)));
    return makeData({ type: new Bool(), length: v.length, data: out });
  };
  const columns: [Field, Data][] = [
    [field('run', new Uint32()), makeData({ type: new Uint32(), length: count, data: run })],
    [field('luminosityBlock', new Uint32()), makeData({ type: new Uint32(), length: count, data: lumi })],
    [field('event', new Uint64()), makeData({ type: new Uint64(), length: count, data: event })],
    [field('nMuon', new Uint32()), makeData({ type: new Uint32(), length: count, data: nMuon })],
    [field('Muon_pt', new List(new Field('item', new Float32(), false))), jagged(new Float32(), muonOffsets, f32(muons[0]!))],
    [field('Muon_eta', new List(new Field('item', new Float32(), false))), jagged(new Float32(), muonOffsets, f32(muons[1]!))],
    [field('Muon_phi', new List(new Field('item', new Float32(), false))), jagged(new Float32(), muonOffsets, f32(muons[2]!))],
    [field('Muon_charge', new List(new Field('item', new Int32(), false))), jagged(new Int32(), muonOffsets, i32(muons[3]!))],
    [field('Muon_tightId', new List(new Field('item', new Bool(), false))), jagged(new Bool(), muonOffsets, bits(muons[4]!))],
    [field('nJet', new Uint32()), makeData({ type: new Uint32(), length: count, data: nJet })],
    [field('Jet_pt', new List(new Field('item', new Float32(), false))), jagged(new Float32(), jetOffsets, f32(jets[0]!))],
    [field('Jet_eta', new List(new Field('item', new Float32(), false))), jagged(new Float32(), jetOffsets, f32(jets[1]!))],
    [field('Jet_phi', new List(new Field('item', new Float32(), false))), jagged(new Float32(), jetOffsets, f32(jets[2]!))],
    [field('Jet_btagDeepB', new List(new Field('item', new Float32(), false))), jagged(new Float32(), jetOffsets, f32(jets[3]!))],
    [field('MET_pt', new Float32()), makeData({ type: new Float32(), length: count, data: metPt })],
    [field('MET_phi', new Float32()), makeData({ type: new Float32(), length: count, data: metPhi })],
    [field('PV_npvs', new Int32()), makeData({ type: new Int32(), length: count, data: npvs })],
    [field('HLT_IsoMu24', new Bool()), makeData({ type: new Bool(), length: count, data: trigger })],
    [field('genWeight', new Float32()), makeData({ type: new Float32(), length: count, data: genWeight })],
  ];
  const schema = new Schema(columns.map(([f]) => f));
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: count, nullCount: 0, children: columns.map(([, d]) => d) }));
}

/**
 * Writes a NanoAOD-like dataset as Arrow IPC files `nano_sample_<i>.arrow` into `folder`: run/luminosityBlock (uint32),
 * event (uint64, above 2^53), nMuon with jagged Muon_* (List<float32>…), nJet with Jet_*, MET, PV, a trigger bit and a
 * weight, each with NanoAOD's documentation as field metadata `doc`. Deterministic for a seed. Returns the file paths.
 */
export async function writeSampleDataset(folder: string, options: SampleDatasetOptions = {}): Promise<string[]> {
  const files = options.files ?? 3;
  const entries = options.entries ?? 20_000;
  const batchSize = options.batchSize ?? 5_000;
  const next = random(options.seed ?? 20_240_601);
  await mkdir(folder, { recursive: true });
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    const path = join(folder, `nano_sample_${f}.arrow`);
    const partial = `${path}.partial`;
    const batches: RecordBatch[] = [];
    for (let start = 0; start < entries; start += batchSize) batches.push(sampleBatch(f * entries + start, Math.min(batchSize, entries - start), next));
    await writeArrowIpc(partial, batches, { format: 'file' });
    // Readers never see a half-written file: it appears under its name only when complete.
    await rename(partial, path);
    paths.push(path);
  }
  return paths;
}

/** Writes the sample dataset into `folder` unless it is already there (from an earlier run). */
export async function ensureSampleDataset(folder: string, options: SampleDatasetOptions = {}): Promise<string[]> {
  const last = join(folder, `nano_sample_${(options.files ?? 3) - 1}.arrow`);
  if (await stat(last).then(() => true, () => false)) {
    return Array.from({ length: options.files ?? 3 }, (_, f) => join(folder, `nano_sample_${f}.arrow`));
  }
  return writeSampleDataset(folder, options);
}
