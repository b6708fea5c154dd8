// Entry of the `afkit` command, run by bin/afkit.mjs under tsx.
import { afkitCli } from '../src/joins/afkitCli.ts';

process.exitCode = await afkitCli(process.argv.slice(2));
