/**
 * The repository stands on its own: what its docs link to is in the repository, and nothing points outside it
 * (such as the project's shared notes beside the checkout, which a clone does not have).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..');
const MARKDOWN = ['README.md', 'BENCHMARKS.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const CONFIG = ['package.json', 'jest.config.cjs', 'tsconfig.json', 'redocly.yaml', 'docker/Dockerfile', 'docker/compose.yml', '.ci/run'];

describe('repository docs', () => {
  it('link only to files that exist in the repository', () => {
    const broken: string[] = [];
    for (const file of MARKDOWN) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:|^#/.test(target)) continue;
        const path = resolve(dirname(join(ROOT, file)), target.split('#')[0]);
        if (relative(ROOT, path).startsWith('..') || !existsSync(path)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('never point outside the repository', () => {
    const outside = [...MARKDOWN, ...CONFIG].filter((f) => existsSync(join(ROOT, f)) && /\.\.\/shared\//.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(outside).toEqual([]);
  });

  it('configures no tool the project does not install (nest-cli.json without @nestjs/cli)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object; devDependencies?: object };
    const installed = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    expect({ nestCliJson: existsSync(join(ROOT, 'nest-cli.json')), cli: installed.includes('@nestjs/cli') }).not.toEqual({ nestCliJson: true, cli: false });
  });
});
