/**
 * Start-up wiring shared by the processes' `main.ts`: the configuration, or a clear message and exit code 1.
 */
import { ConfigError, loadConfig } from './config/app-config';
import type { AppConfig } from './config/app-config';

/**
 * Loads and validates the configuration (`loadConfig`), then `check` (what this process needs besides, e.g. the
 * worker's REDIS_URL). A ConfigError is printed (every problem at once) and the process exits with code 1; any other
 * error is thrown.
 */
export function configOrExit(check: (config: AppConfig) => void = () => undefined, env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    const config = loadConfig(env);
    check(config);
    return config;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
