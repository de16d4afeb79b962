import 'reflect-metadata';
import { loadConfig } from './app-config';
import { ConfigError, validateEnvironment } from './environment';

function problemsFor(env: NodeJS.ProcessEnv): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected validateEnvironment to throw a ConfigError');
}

describe('METRICS_PORT and METRICS_HOST', () => {
  it('serves metrics on 127.0.0.1:9464 by default', () => {
    expect(loadConfig({}).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
  });

  it('takes a port and an interface', () => {
    expect(loadConfig({ METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 9100, host: '0.0.0.0' });
    expect(loadConfig({ METRICS_PORT: '1' }).metrics?.port).toBe(1);
    expect(loadConfig({ METRICS_PORT: '65535' }).metrics?.port).toBe(65535);
  });

  it('serves no metrics with METRICS_PORT=off', () => {
    expect(loadConfig({ METRICS_PORT: 'off' }).metrics).toBeUndefined();
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ METRICS_PORT: '', METRICS_HOST: '' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
  });

  it.each(['0', '65536', 'abc', '80.5', '-1', 'OFF', 'false'])('rejects METRICS_PORT=%s with a message naming it', (value) => {
    expect(problemsFor({ METRICS_PORT: value })).toEqual(['METRICS_PORT must be a whole number from 1 to 65535, or off']);
  });
});
