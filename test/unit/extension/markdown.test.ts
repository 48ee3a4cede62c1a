import { describe, expect, it } from 'vitest';
import { commandLink, escapeMarkdown, markdownCode } from '../../../src/extension/markdown';

/** Characters that start Markdown syntax; after escaping each must be preceded by a backslash. */
function unescapedSyntax(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ('[]()`*_!<>|#~'.includes(c)) {
      let backslashes = 0;
      for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
      if (backslashes % 2 === 0) found.push(c);
    }
  }
  return found;
}

describe('escapeMarkdown', () => {
  it('keeps a command link from becoming a link', () => {
    const out = escapeMarkdown('[x](command:workbench.action.terminal.new)');
    expect(out).toBe('\\[x\\]\\(command\\:workbench\\.action\\.terminal\\.new\\)');
    expect(unescapedSyntax(out)).toEqual([]);
    expect(out).not.toMatch(/(^|[^\\])\]\(/);
  });

  it('escapes images, autolinks, reference links and emphasis', () => {
    for (const hostile of [
      '![img](https://evil.example/p.png)',
      '<https://evil.example>',
      'https://evil.example/x and www.evil.example',
      '[a][1]\n\n[1]: command:workbench.action.terminal.new',
      '**bold** _em_ ~~strike~~ # heading',
    ]) {
      const out = escapeMarkdown(hostile);
      expect(unescapedSyntax(out)).toEqual([]);
      expect(out).not.toContain('://');
      expect(out).not.toContain('www.');
    }
  });

  it('escapes backticks and HTML', () => {
    const out = escapeMarkdown('`code` <img src=x onerror=alert(1)> <script>alert(1)</script> &amp;');
    expect(out).not.toContain('<');
    expect(out).not.toContain('>');
    expect(out).toContain('&lt;img');
    expect(out).toContain('&amp;amp\\;');
    expect(unescapedSyntax(out)).toEqual([]);
  });

  it('keeps the text on one line, without control or direction-override characters', () => {
    expect(escapeMarkdown('a\n\n- b\r\n# c\u0000\u202Ed')).toBe('a \\- b \\# cd');
  });

  it('leaves plain words alone and cuts long text', () => {
    expect(escapeMarkdown('Apply coupon')).toBe('Apply coupon');
    expect(escapeMarkdown('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('markdownCode', () => {
  it('wraps text in a code span that backticks cannot leave', () => {
    expect(markdownCode('a`b` [x](command:y)')).toBe('`aʼbʼ [x](command:y)`');
    expect(markdownCode('')).toBe('');
  });
});

describe('commandLink', () => {
  it('encodes JSON arguments', () => {
    const link = commandLink('struggleLens.replayStruggle', [{ recording: 'file:///a b', sessionId: 's', struggleId: ')]' }]);
    expect(link.startsWith('command:struggleLens.replayStruggle?')).toBe(true);
    expect(link).not.toMatch(/[ ()[\]]/);
    expect(JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1)))).toEqual([{ recording: 'file:///a b', sessionId: 's', struggleId: ')]' }]);
  });
});
