/** samenspel serve [--port N] [--data DIR]: flags win over PORT and DATA_DIR. */
import { buildApp } from '../http/app.js';
import { ConfigError, configFromEnv } from '../config.js';

export async function serveCommand(values: { port?: string; data?: string }): Promise<number> {
  let config;
  try {
    config = configFromEnv(process.env, { ...(values.port ? { PORT: values.port } : {}), ...(values.data ? { DATA_DIR: values.data } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const { app, demoLogin, context } = await buildApp(config);
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const bound = app.server.address();
  const url = config.publicUrl ?? `http://localhost:${typeof bound === 'object' && bound ? bound.port : config.port}`;
  // stdout, not the log: this is for the person who started the server, once.
  console.log(`\nSamenspel draait op ${url}  (${context.cases.all().length} casussen, data in ${config.dataDir})`);
  if (demoLogin) {
    console.log(`Demo-trainer aangemaakt. Inloggen op ${url}/trainer met:\n  e-mail:     ${demoLogin.email}\n  wachtwoord: ${demoLogin.password}\n(Dit wachtwoord wordt maar één keer getoond.)\n`);
  }
  return -1;
}
