import { describe, expect, it } from 'vitest';
import { scanSource } from '../../../src/core/link/scanMarkup';

const attr = (t: { attributes: { name: string; values: string[] }[] }, name: string) => t.attributes.filter((a) => a.name === name).flatMap((a) => a.values);

describe('scanSource (JSX)', () => {
  const tsx = [
    "import x from 'y';",
    '// a comment with <div id="no"> in it',
    'const re = /<span id="no">/g; const s = "<b id=\'no\'>"; const n = a < b ? 1 : 2;',
    'export function OrderSummary<T,>({ total }: Props) {',
    '  return (',
    '    <div className={styles.summary} id="summary">',
    '      {/* <p id="commented">x</p> */}',
    "      <p>Don't forget: total is {total} &amp; more</p>",
    '      <button',
    '        data-testid="place-order"',
    "        className={cn('btn btn-primary', disabled && 'is-disabled', { 'btn-lg': big })}",
    '        onClick={() => submit(<Icon />)}',
    '      >',
    '        Place order',
    '      </button>',
    '      {items.map((i) => <li key={i.id} data-testid={`row-${i.id}`}>{i.name}</li>)}',
    '    </div>',
    '  );',
    '}',
  ].join('\n');
  const result = scanSource(tsx, 'jsx');
  const byTag = (tag: string) => result.tags.filter((t) => t.tag === tag);

  it('finds opening tags with 1-based line and column, ignoring comments, strings and regexes', () => {
    expect(result.tags.map((t) => t.tag)).toEqual(['div', 'p', 'button', 'Icon', 'li']);
    expect(result.tags.every((t) => !attr(t, 'id').includes('no') && !attr(t, 'id').includes('commented'))).toBe(true);
    const button = byTag('button')[0];
    expect([button.line, button.column, button.endLine]).toEqual([9, 7, 15]);
  });

  it('reads attributes through {…} expressions, clsx/cn calls and CSS modules', () => {
    const button = byTag('button')[0];
    expect(attr(button, 'data-testid')).toEqual(['place-order']);
    const cls = button.attributes.find((a) => a.name === 'class')!;
    expect(cls.values).toEqual(['btn btn-primary', 'is-disabled']);
    expect(cls.keys).toEqual(['btn-lg']);
    expect(byTag('div')[0].attributes.find((a) => a.name === 'class')!.members).toEqual(['summary']);
    expect(byTag('li')[0].attributes.find((a) => a.name === 'data-testid')!.patterns).toEqual(['row-\u0000']);
  });

  it('keeps literal text children, split at expressions, entities decoded', () => {
    expect(byTag('p')[0].texts).toEqual(["Don't forget: total is", '& more']);
    expect(byTag('button')[0].texts).toEqual(['Place order']);
    expect(byTag('div')[0].fullText).toContain('Place order');
  });

  it('records capitalized component definitions', () => {
    expect(result.components.map((c) => [c.name, c.line])).toEqual([['OrderSummary', 4]]);
  });

  it('does not treat TypeScript generics or comparisons in .ts files as tags', () => {
    const ts = 'function f<T>(x: Array<T>): T { return x[0] < x[1] ? x[0] : x[1]; }\nconst el = html`<button id="lit-btn">Go</button>`;';
    const tags = scanSource(ts, 'ts').tags;
    expect(tags.map((t) => [t.tag, t.language, attr(t, 'id')[0]])).toEqual([['button', 'HTML template literal', 'lit-btn']]);
  });
});

describe('scanSource (markup)', () => {
  it('reads Vue templates with :class bindings and skips <script>', () => {
    const vue = [
      '<template>',
      '  <div class="card" :class="{ active: isActive, \'is-open\': open }">',
      '    <button data-cy="save" @click="save">{{ label }} Save</button>',
      '  </div>',
      '</template>',
      "<script setup>const a = '<p id=\"no\">';</script>",
    ].join('\n');
    const tags = scanSource(vue, 'vue').tags;
    const div = tags.find((t) => t.tag === 'div')!;
    expect(div.attributes.filter((a) => a.name === 'class').flatMap((a) => [...a.values, ...a.keys])).toEqual(['card', 'active', 'is-open']);
    const button = tags.find((t) => t.tag === 'button')!;
    expect([button.line, button.column, attr(button, 'data-cy')[0], button.texts[0]]).toEqual([3, 5, 'save', 'Save']);
    expect(tags.some((t) => t.tag === 'p')).toBe(false);
  });

  it('reads Svelte blocks, class: directives and mixed class values', () => {
    const svelte = "<script>let x = '<a>';</script>\n{#each items as { id }}\n  <li class=\"item {id === sel ? 'sel' : ''}\" class:done={d}>Item</li>\n{/each}\n<button on:click={go}>Go</button>";
    const tags = scanSource(svelte, 'svelte').tags.filter((t) => t.tag !== 'script');
    expect(tags.map((t) => [t.tag, t.line])).toEqual([['li', 3], ['button', 5]]);
    const classes = tags[0].attributes.filter((a) => a.name === 'class');
    expect(classes.flatMap((a) => a.values)).toContain('done');
    expect(classes.flatMap((a) => a.patterns)).toEqual(['item \u0000']);
  });

  it('reads HTML with comments, void elements, unquoted values and script contents skipped', () => {
    const html = '<!doctype html><html><body><!-- <div id=x> -->\n<nav id=main-nav><a href="/about" class=\'link\'>About &amp; us</a><br>\n<img src=x.png alt="Logo"></nav><script>if (a<b) {}</script><p>After</p></body></html>';
    const tags = scanSource(html, 'html').tags;
    expect(tags.map((t) => t.tag)).toEqual(['html', 'body', 'nav', 'a', 'br', 'img', 'script', 'p']);
    const a = tags.find((t) => t.tag === 'a')!;
    expect([a.line, a.column, a.texts[0]]).toEqual([2, 18, 'About & us']);
    expect(tags.find((t) => t.tag === 'nav')!.endLine).toBe(3);
    expect(attr(tags.find((t) => t.tag === 'nav')!, 'id')).toEqual(['main-nav']);
  });

  it('skips server-template tags inside attributes and text', () => {
    const ejs = '<% if (user) { %>\n<button class="btn <%= extra %>" id="<%= id %>" data-testid="buy">Buy <%= price %></button>\n<% } %>';
    const button = scanSource(ejs, 'template').tags[0];
    expect(button.tag).toBe('button');
    expect(attr(button, 'data-testid')).toEqual(['buy']);
    expect(button.line).toBe(2);
  });
});
