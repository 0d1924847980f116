import { ConfigError, parseConfig } from './app-config';

const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
};

describe('integrity config', () => {
  it('reads the algorithm, key directory, sink, tree-head cadence and sweep interval', () => {
    expect(parseConfig({ DATA_DIR: '/srv/shenbao', INTEGRITY_ALGORITHM: 'SM', INTEGRITY_KEY_DIR: '/etc/shenbao/keys', INTEGRITY_SINK: 'file:/var/log/sth.jsonl',
      INTEGRITY_TREE_HEAD_EVENTS: '500', INTEGRITY_TREE_HEAD_INTERVAL_MS: '60000', INTEGRITY_SWEEP_INTERVAL_MS: '0' }).integrity).toEqual({
      algorithm: 'sm', keyDir: '/etc/shenbao/keys', sink: { kind: 'file', path: '/var/log/sth.jsonl' }, treeHeadEvents: 500, treeHeadIntervalMs: 60_000, sweepIntervalMs: 0,
    });
    expect(parseConfig({ INTEGRITY_SINK: 'webhook:https://archive.example.gov.cn/sth' }).integrity.sink).toEqual({ kind: 'webhook', url: 'https://archive.example.gov.cn/sth' });
  });

  it('names each bad variable and its rule', () => {
    expect(problems({ INTEGRITY_ALGORITHM: 'rsa' })).toEqual(['INTEGRITY_ALGORITHM must be one of ed25519, sm (got "rsa")']);
    expect(problems({ INTEGRITY_SINK: 'file:relative.jsonl' })).toEqual(['INTEGRITY_SINK file:<path> needs an absolute path (got "file:relative.jsonl")']);
    expect(problems({ INTEGRITY_SINK: 'webhook:ftp://x' })).toEqual(['INTEGRITY_SINK webhook:<url> needs an http:// or https:// URL (got "webhook:ftp://x")']);
    expect(problems({ INTEGRITY_SINK: 's3://bucket' })).toEqual(['INTEGRITY_SINK must be file:<absolute path> or webhook:<http(s) url> (got "s3://bucket")']);
    expect(problems({ INTEGRITY_TREE_HEAD_EVENTS: '0' })).toEqual(['INTEGRITY_TREE_HEAD_EVENTS must be an integer from 1 to 10000000 (got "0")']);
    expect(problems({ INTEGRITY_SWEEP_INTERVAL_MS: '1000' })).toEqual(['INTEGRITY_SWEEP_INTERVAL_MS must be an integer from 60000 to 604800000 or 0 (got "1000")']);
  });
});
