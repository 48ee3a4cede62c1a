/**
 * Pulls the literal pieces out of a JavaScript expression found in an attribute
 * (`className={clsx('btn', { active: on })}`, `:class="['a', b]"`, `` id={`row-${id}`} ``):
 * whole string literals, template literals with holes (as patterns), object-literal keys and
 * `styles.name` member names (CSS modules). A small tokenizer, not a parser.
 */

export interface ExpressionLiterals {
  /** Complete string literals (and hole-free template literals). */
  strings: string[];
  /** Template literals with holes, the holes written as `\u0000`. */
  patterns: string[];
  /** Keys of object literals (`{ active: x, 'btn-lg': y }` → active, btn-lg). */
  keys: string[];
  /** Property names read from an object (`styles.primary` → primary). */
  members: string[];
  /** True when the whole expression is one string literal (or a ternary of string literals). */
  literalOnly: boolean;
}

const HOLE = '\u0000';

function readQuoted(src: string, start: number): [string, number] {
  const quote = src[start];
  let out = '';
  let i = start + 1;
  while (i < src.length && src[i] !== quote) {
    if (src[i] === '\\' && i + 1 < src.length) {
      out += src[i + 1];
      i += 2;
    } else {
      out += src[i++];
    }
  }
  return [out, i + 1];
}

function readTemplate(src: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < src.length && src[i] !== '`') {
    if (src[i] === '\\' && i + 1 < src.length) {
      out += src[i + 1];
      i += 2;
    } else if (src[i] === '$' && src[i + 1] === '{') {
      let depth = 1;
      i += 2;
      while (i < src.length && depth > 0) {
        const c = src[i];
        if (c === '{') depth++;
        else if (c === '}') depth--;
        else if (c === '"' || c === "'") {
          i = readQuoted(src, i)[1];
          continue;
        } else if (c === '`') {
          i = readTemplate(src, i)[1];
          continue;
        }
        i++;
      }
      out += HOLE;
    } else {
      out += src[i++];
    }
  }
  return [out, i + 1];
}

export function extractLiterals(expr: string): ExpressionLiterals {
  const result: ExpressionLiterals = { strings: [], patterns: [], keys: [], members: [], literalOnly: true };
  // Tracks whether we are directly inside an object literal, to recognise keys.
  const braceIsObject: boolean[] = [];
  let prevSignificant = '';
  let i = 0;
  let sawOtherCode = false;
  while (i < expr.length) {
    const c = expr[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && expr[i + 1] === '/') {
      const nl = expr.indexOf('\n', i);
      i = nl < 0 ? expr.length : nl;
      continue;
    }
    if (c === '/' && expr[i + 1] === '*') {
      const end = expr.indexOf('*/', i + 2);
      i = end < 0 ? expr.length : end + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const [value, next] = c === '`' ? readTemplate(expr, i) : readQuoted(expr, i);
      i = next;
      let j = i;
      while (j < expr.length && /\s/.test(expr[j])) j++;
      const inObject = braceIsObject.length > 0 && braceIsObject[braceIsObject.length - 1];
      if (inObject && expr[j] === ':' && (prevSignificant === '{' || prevSignificant === ',')) {
        result.keys.push(value);
        sawOtherCode = true;
      } else if (value.includes(HOLE)) {
        result.patterns.push(value);
        sawOtherCode = true;
      } else {
        result.strings.push(value);
      }
      prevSignificant = 'str';
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < expr.length && /[\w$]/.test(expr[j])) j++;
      const word = expr.slice(i, j);
      const inObject = braceIsObject.length > 0 && braceIsObject[braceIsObject.length - 1];
      let k = j;
      while (k < expr.length && /\s/.test(expr[k])) k++;
      if (inObject && expr[k] === ':' && (prevSignificant === '{' || prevSignificant === ',')) {
        result.keys.push(word);
      } else if (prevSignificant === '.') {
        result.members.push(word);
      } else if (inObject && (expr[k] === ',' || expr[k] === '}') && (prevSignificant === '{' || prevSignificant === ',')) {
        result.keys.push(word); // shorthand { active }
      }
      if (word !== 'true' && word !== 'false' && word !== 'null' && word !== 'undefined') sawOtherCode = true;
      prevSignificant = 'id';
      i = j;
      continue;
    }
    if (c === '[' && prevSignificant === 'id') {
      // styles['primary-button']
      let j = i + 1;
      while (j < expr.length && /\s/.test(expr[j])) j++;
      if (expr[j] === '"' || expr[j] === "'") {
        const [value, next] = readQuoted(expr, j);
        let k = next;
        while (k < expr.length && /\s/.test(expr[k])) k++;
        if (expr[k] === ']') {
          result.members.push(value);
          sawOtherCode = true;
          prevSignificant = 'id';
          i = k + 1;
          continue;
        }
      }
    }
    if (c === '{') {
      braceIsObject.push(prevSignificant !== ')' && prevSignificant !== '=>');
    } else if (c === '}') {
      braceIsObject.pop();
    } else if (c === '(' || c === '[') {
      braceIsObject.push(false);
    } else if (c === ')' || c === ']') {
      braceIsObject.pop();
    }
    if (c === '=' && expr[i + 1] === '>') {
      prevSignificant = '=>';
      sawOtherCode = true;
      i += 2;
      continue;
    }
    if (c !== '?' && c !== ':' && c !== '(' && c !== ')') sawOtherCode = true;
    prevSignificant = c;
    i++;
  }
  result.literalOnly = !sawOtherCode && result.strings.length > 0;
  return result;
}

export { HOLE as PATTERN_HOLE };
