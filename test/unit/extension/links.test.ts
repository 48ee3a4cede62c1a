import { describe, expect, it } from 'vitest';
import { buildMomentLink, checkRelativePath, formatMoment, parseMomentQuery } from '../../../src/extension/links';

describe('moment links', () => {
  it('round-trips a recording path, a time and a struggle', () => {
    const link = buildMomentLink('vscode', { file: 'recordings/a b.rrweb.json', atMs: 5330.4, struggleId: 'rage-click-5330-12' });
    const url = new URL(link);
    expect(url.protocol).toBe('vscode:');
    expect(url.host).toBe('struggle-lens.struggle-lens');
    expect(url.pathname).toBe('/open');
    expect(parseMomentQuery(url.search.slice(1))).toEqual({ file: 'recordings/a b.rrweb.json', atMs: 5330, struggleId: 'rage-click-5330-12' });
  });

  it('refuses paths that leave the workspace and bad parameters, naming the problem', () => {
    for (const query of [
      '',
      'file=../../etc/passwd',
      'file=%2Fetc%2Fpasswd',
      'file=C%3A%5Cwindows%5Cx',
      'file=a%2F..%2F..%2Fb',
      'file=file%3A%2F%2F%2Fetc%2Fpasswd',
      'file=a.json&t=-1',
      'file=a.json&t=1e99',
      'file=a.json&t=abc',
      'file=a.json&struggle=%3Cscript%3E',
    ]) {
      const parsed = parseMomentQuery(query);
      expect(parsed, query).toHaveProperty('problem');
      expect((parsed as { problem: string }).problem.length).toBeGreaterThan(10);
    }
  });

  it('defaults the time to the start', () => {
    expect(parseMomentQuery('file=r.rrweb.json')).toEqual({ file: 'r.rrweb.json', atMs: 0 });
  });
});

describe('checkRelativePath', () => {
  it('normalizes workspace-relative paths', () => {
    expect(checkRelativePath('app/src/cart.tsx')).toBe('app/src/cart.tsx');
    expect(checkRelativePath('./app//src/./cart.tsx')).toBe('app/src/cart.tsx');
    expect(checkRelativePath('app\\src\\cart.tsx')).toBe('app/src/cart.tsx');
  });

  it('refuses absolute paths, URLs, parent segments and control characters', () => {
    for (const bad of ['', '/etc/passwd', '\\\\server\\share', 'C:/x', 'c:x', 'file:///etc/passwd', 'https://x/y', '../x', 'a/../../x', 'a/..', 'a\u0000b', '.', 'x'.repeat(2000)]) {
      expect(checkRelativePath(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('formatMoment', () => {
  it('prints minutes, seconds and tenths', () => {
    expect(formatMoment(0)).toBe('0:00.0');
    expect(formatMoment(2844)).toBe('0:02.8');
    expect(formatMoment(62_500)).toBe('1:02.5');
    expect(formatMoment(-5)).toBe('0:00.0');
  });
});
