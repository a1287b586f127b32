// idcard.js — resident ID numbers (GB 11643-1999) checked in the browser as
// they are typed, with the same rules and reasons as the server
// (src/domain/idcard.c): 18 characters (or an old 15-digit number), a
// province code, a real birth date from 1900 to today, and the ISO 7064
// MOD 11-2 check character.  The server checks again on submit.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = '10X98765432';
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
  41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]);

export const REASONS = {
  bad_length: '公民身份号码应为18位（旧证15位），请核对位数',
  bad_character: '公民身份号码只能由数字组成，最后一位可以是X，请核对',
  bad_province: '公民身份号码前两位不是有效的省级行政区划代码，请核对',
  bad_birth_date: '公民身份号码中的出生日期不存在、早于1900年或晚于今天，请核对',
  bad_check_character: '公民身份号码校验位不符，可能有数字输错，请逐位核对',
};

/** The check character of 17 digits. */
export function checkCharacter(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECKS[sum % 11];
}

function todayText() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "19931101" → "1993-11-01" if that day exists, else null. */
function birthDate(yyyymmdd) {
  const y = Number(yyyymmdd.slice(0, 4)), m = Number(yyyymmdd.slice(4, 6)), d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

const fail = (reason) => ({ ok: false, reason, message: REASONS[reason] });

/**
 * Checks a complete number.  {ok: true, number (18, upper-case X), birthDate,
 * sex ('M'|'F'), region, upgraded} or {ok: false, reason, message}.
 */
export function checkIdNumber(input, today = todayText()) {
  const text = String(input).trim();
  let number;
  let upgraded = false;
  if (text.length === 15) {
    if (!/^\d{15}$/.test(text)) return fail('bad_character');
    const first17 = text.slice(0, 6) + '19' + text.slice(6);
    number = first17 + checkCharacter(first17);
    upgraded = true;
  } else if (text.length === 18) {
    if (!/^\d{17}[\dXx]$/.test(text)) return fail('bad_character');
    number = text.toUpperCase();
  } else {
    return fail('bad_length');
  }
  if (!PROVINCES.has(Number(number.slice(0, 2)))) return fail('bad_province');
  const birth = birthDate(number.slice(6, 14));
  if (!birth || birth < '1900-01-01' || birth > today) return fail('bad_birth_date');
  if (checkCharacter(number) !== number[17]) return fail('bad_check_character');
  return { ok: true, number, birthDate: birth, sex: Number(number[16]) % 2 === 1 ? 'M' : 'F', region: number.slice(0, 6), upgraded };
}

/**
 * Checks a number still being typed: a reason as soon as one is certain
 * (a wrong character, province or birth date), null while it may still
 * become valid.  Complete numbers (18 characters) get the full check.
 */
export function checkPartialIdNumber(input, today = todayText()) {
  const text = String(input).trim();
  if (text.length >= 18) return checkIdNumber(text, today);
  if (!/^\d*$/.test(text)) return fail('bad_character');
  if (text.length >= 2 && !PROVINCES.has(Number(text.slice(0, 2)))) return fail('bad_province');
  if (text.length >= 16) { // an old 15-digit number never gets here: its date is 6 digits
    const birth = birthDate(text.slice(6, 14));
    if (!birth || birth < '1900-01-01' || birth > today) return fail('bad_birth_date');
  }
  return null;
}
