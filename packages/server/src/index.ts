export { buildApp, type SamenspelApp, type BuildOptions } from './http/app.js';
export { configFromEnv, ConfigError, type ServerConfig } from './config.js';
