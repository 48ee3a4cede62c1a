import { describe, expect, it } from 'vitest';
import { parseErrorMessage, parseStack, splitStack } from '../../../src/core/errors';

const BUNDLE = 'https://shop.example/assets/index-4f1c.js';

describe('parseStack: Chrome / V8', () => {
  it('reads named, anonymous, async, constructor and aliased frames, innermost first', () => {
    const stack = [
      "TypeError: Cannot read properties of null (reading 'id')",
      `    at addLine (${BUNDLE}:1:48213)`,
      `    at ${BUNDLE}:1:50000`,
      `    at async handleSubmit (${BUNDLE}:2:10)`,
      `    at new CartStore (${BUNDLE}:3:7)`,
      `    at Object.onClick [as handler] (${BUNDLE}:4:9)`,
      '    at JSON.parse (<anonymous>)',
      '    at async Promise.all (index 0)',
      '    at http://localhost:5173/node_modules/.vite/deps/react-dom.js?v=1a2b:16:22',
    ].join('\n');
    expect(parseStack(stack)).toEqual([
      { function: 'addLine', url: BUNDLE, line: 1, column: 48213 },
      { url: BUNDLE, line: 1, column: 50000 },
      { function: 'handleSubmit', url: BUNDLE, line: 2, column: 10 },
      { function: 'new CartStore', url: BUNDLE, line: 3, column: 7 },
      { function: 'Object.onClick', url: BUNDLE, line: 4, column: 9 },
      { function: 'JSON.parse' },
      { function: 'Promise.all' },
      { url: 'http://localhost:5173/node_modules/.vite/deps/react-dom.js?v=1a2b', line: 16, column: 22, library: true },
    ]);
  });

  it('points eval frames at the script that called eval', () => {
    expect(
      parseStack([
        `    at eval (eval at run (${BUNDLE}:10:5), <anonymous>:1:7)`,
        `    at Function.outer (eval at boot (eval at run (${BUNDLE}:20:3)), <anonymous>:2:9)`,
      ]),
    ).toEqual([
      { function: 'eval', url: BUNDLE, line: 10, column: 5 },
      { function: 'Function.outer', url: BUNDLE, line: 20, column: 3 },
    ]);
  });

  it('reads node paths, Windows paths and webpack URLs', () => {
    expect(
      parseStack(
        [
          '    at Object.<anonymous> (/srv/app/node_modules/lib/index.js:3:11)',
          '    at main (C:\\app\\src\\main.js:7:1)',
          '    at render (webpack-internal:///./src/App.jsx:12:3)',
        ].join('\n'),
      ),
    ).toEqual([
      { function: 'Object.<anonymous>', url: '/srv/app/node_modules/lib/index.js', line: 3, column: 11, library: true },
      { function: 'main', url: 'C:\\app\\src\\main.js', line: 7, column: 1 },
      { function: 'render', url: 'webpack-internal:///./src/App.jsx', line: 12, column: 3 },
    ]);
  });
});

describe('parseStack: rrweb console plugin traces (error-stack-parser form)', () => {
  it('reads "fn (url:l:c)" and bare "url:l:c" items', () => {
    expect(
      parseStack([`handleSubmit (${BUNDLE}:1:48213)`, `${BUNDLE}:1:900`, 'HTMLButtonElement.onclick (https://cdn.example/pkg@1.2.3/x.js:5:6)']),
    ).toEqual([
      { function: 'handleSubmit', url: BUNDLE, line: 1, column: 48213 },
      { url: BUNDLE, line: 1, column: 900 },
      { function: 'HTMLButtonElement.onclick', url: 'https://cdn.example/pkg@1.2.3/x.js', line: 5, column: 6 },
    ]);
  });
});

describe('parseStack: Firefox and Safari', () => {
  it('reads Firefox frames incl. anonymous, async and eval', () => {
    const stack = [
      `addLine@${BUNDLE}:1:48213`,
      `handleSubmit/<@${BUNDLE}:2:10`,
      `async*onClick@${BUNDLE}:3:4`,
      `@${BUNDLE}:4:5`,
      `@${BUNDLE} line 40 > eval:1:3`,
      'loadLib@https://cdn.example/pkg@1.2.3/node_modules/x/y.js:8:9',
    ].join('\n');
    expect(parseStack(stack)).toEqual([
      { function: 'addLine', url: BUNDLE, line: 1, column: 48213 },
      { function: 'handleSubmit', url: BUNDLE, line: 2, column: 10 },
      { function: 'onClick', url: BUNDLE, line: 3, column: 4 },
      { url: BUNDLE, line: 4, column: 5 },
      { url: BUNDLE, line: 40 },
      { function: 'loadLib', url: 'https://cdn.example/pkg@1.2.3/node_modules/x/y.js', line: 8, column: 9, library: true },
    ]);
  });

  it('reads Safari frames: global code, native code, module code', () => {
    const stack = [`addLine@${BUNDLE}:1:48213`, 'forEach@[native code]', `global code@${BUNDLE}:9:1`, `module code@${BUNDLE}:10:2`].join('\n');
    expect(parseStack(stack)).toEqual([
      { function: 'addLine', url: BUNDLE, line: 1, column: 48213 },
      { function: 'forEach' },
      { url: BUNDLE, line: 9, column: 1 },
      { url: BUNDLE, line: 10, column: 2 },
    ]);
  });

  it('skips headers, blank lines and text that only looks like a location', () => {
    expect(
      parseStack('Error: contact admin@host:80 now\n\nEnd of stack for Error object\nsomething else entirely'),
    ).toEqual([]);
  });
});

describe('messages', () => {
  it('splits type and message, dropping the "Uncaught" prefixes', () => {
    expect(parseErrorMessage("Uncaught TypeError: Cannot read properties of null (reading 'id')")).toEqual({
      type: 'TypeError',
      message: "Cannot read properties of null (reading 'id')",
      uncaught: true,
      rejection: false,
    });
    expect(parseErrorMessage('Uncaught (in promise) Error: boom')).toMatchObject({ type: 'Error', message: 'boom', rejection: true });
    expect(parseErrorMessage('uncaught exception: oops')).toMatchObject({ message: 'oops', uncaught: true });
    expect(parseErrorMessage('NotAllowedError: play() failed')).toMatchObject({ type: 'NotAllowedError', uncaught: false });
    expect(parseErrorMessage('Failed to load cart')).toEqual({ message: 'Failed to load cart', uncaught: false, rejection: false });
  });

  it('splits an Error object stack into header and frames', () => {
    const { header, frames } = splitStack(`RangeError: bad\n    at f (${BUNDLE}:1:2)\nEnd of stack for Error object`);
    expect(header).toBe('RangeError: bad');
    expect(frames).toEqual([{ function: 'f', url: BUNDLE, line: 1, column: 2 }]);
  });
});
