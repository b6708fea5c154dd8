// Entry of the `afkit` command, run by bin/afkit.mjs under tsx.
import { afkitCli } from '../src/joins/afkitCli.ts';

// bin/afkit.mjs keeps an IPC channel open to this process; when it closes (the parent was killed), cancel as on
// SIGTERM. Before the CLI listens, SIGTERM simply ends the process, which has started nothing yet.
if (process.send) {
  process.channel?.unref();
  const orphaned = (): boolean => process.kill(process.pid, 'SIGTERM');
  if (process.connected) process.once('disconnect', orphaned);
  else orphaned();
}
process.exitCode = await afkitCli(process.argv.slice(2));
