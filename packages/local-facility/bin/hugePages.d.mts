/** `env` with glibc's huge-page malloc setting added to any tunables it already has. */
export function withHugePages(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
