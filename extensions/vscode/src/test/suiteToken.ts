/** The token the extension's suite stores; test/e2e/vscode checks that no settings file on disk contains it. */
export const SUITE_TOKEN = 'afkit-suite-secret-5d1f0c8e';
