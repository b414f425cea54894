/**
 * Snowflake's date and time format models (TO_CHAR, TO_VARCHAR) as DuckDB strftime patterns.
 * Longest element first, so MMMM wins over MM and HH24 over HH; text in double quotes is literal.
 */
const ELEMENTS: [string, string][] = [
  ['YYYY', '%Y'],
  ['MMMM', '%B'],
  ['HH24', '%H'],
  ['HH12', '%I'],
  ['FF9', '%n'],
  ['FF6', '%f'],
  ['FF3', '%g'],
  ['MON', '%b'],
  ['TZH', '%z'],
  ['YY', '%y'],
  ['MM', '%m'],
  ['DD', '%d'],
  ['DY', '%a'],
  ['HH', '%H'],
  ['MI', '%M'],
  ['SS', '%S'],
  ['AM', '%p'],
  ['PM', '%p'],
  ['FF', '%n'],
];

export function dateFormat(model: string): string {
  let out = '';
  let i = 0;
  while (i < model.length) {
    if (model[i] === '"') {
      const end = model.indexOf('"', i + 1);
      const text = model.slice(i + 1, end < 0 ? model.length : end);
      out += text.replace(/%/g, '%%');
      i = end < 0 ? model.length : end + 1;
      continue;
    }
    const rest = model.slice(i).toUpperCase();
    const element = ELEMENTS.find(([name]) => rest.startsWith(name));
    if (element) {
      out += element[1];
      i += element[0].length;
      // TZH:TZM is one offset in strftime.
      if (element[0] === 'TZH' && model.slice(i, i + 4).toUpperCase() === ':TZM') i += 4;
      continue;
    }
    const char = model.charAt(i);
    out += char === '%' ? '%%' : char;
    i += 1;
  }
  return out;
}

/** A numeric format model ('999,999.00', '$9,990.99'), as opposed to a date one. */
export function isNumberFormat(model: string): boolean {
  return /[09]/.test(model) && /^[\s09,.$SDGXBEL+-]*(MI)?$/i.test(model);
}
