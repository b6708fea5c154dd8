// Entry of the `afkit` command, run by bin/afkit.mjs under tsx, or bundled (the VS Code extension's dist/afkit-cli.js).
import { afkitCli } from '../src/joins/afkitCli.ts';

// bin/afkit.mjs keeps an IPC channel open to this process; when it closes (the parent was killed), cancel as on
// SIGTERM. Before the CLI listens, SIGTERM simply ends the process, which has started nothing yet.
if (process.send) {
  process.channel?.unref();
  const orphaned = (): boolean => process.kill(process.pid, 'SIGTERM');
  if (process.connected) process.once('disconnect', orphaned);
  else orphaned();
}
// No top-level await: the VS Code extension bundles this entry as CommonJS (its Slurm tasks run that bundle).
void afkitCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
