import { openTable } from './index.ts';
const t = await openTable('/work/shared/data/hep/uproot-HZZ-zlib.root');
const cols = t.schema.fields.map(x => x.name);
for (let r = 0; r < 300; r++) for await (const b of t.read({ columns: cols })) {}
await t.close();
