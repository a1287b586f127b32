// complaints.js — what the complaint screens share (pages/complaints.js for
// the offices, pages/complaint-public.js without login): the Chinese names
// of the categories, channels and states (docs/api.md 投诉格式), the form
// fields of an intake, their local checks, and the state badge.

import { h, select } from './dom.js';
import { field, textInput, textArea } from './form.js';

export const COMPLAINT_CATEGORY = [
  ['rights_infringement', '侵害流动人口合法权益'], ['service', '服务质量'], ['fee', '违规收费'],
  ['certificate', '证明办理'], ['other', '其他'],
];
export const COMPLAINT_CHANNEL = [
  ['hotline', '维权热线'], ['email', '电子邮件'], ['web', '网上投诉'], ['letter', '来信'], ['visit', '来访'],
];
/** The channels an office takes in itself (web complaints come from the public form). */
export const INTAKE_CHANNEL = COMPLAINT_CHANNEL.filter(([c]) => c !== 'web');
export const COMPLAINT_STATE = [['received', '已受理'], ['assigned', '已交办'], ['answered', '已答复'], ['closed', '已办结']];
export const COMPLAINT_FIELD_LABEL = {
  channel: '受理渠道', category: '投诉类别', subject: '投诉事由', content: '投诉内容', complainant_name: '投诉人姓名',
  complainant_phone: '投诉人联系电话', respondent: '被投诉单位', office: '办理单位', reply: '答复内容',
  outcome: '办理结果', reason: '重新办理理由', state: '状态', code: '查询码',
};

const LIMITS = { subject: [2, 60], content: [2, 2000], complainant_name: [0, 30], respondent: [0, 60] };
/** The server's phone rule (5–20 digits; spaces, + and - allowed). */
export function phoneOk(text) {
  if (/[^0-9+\- ]/.test(text)) return false;
  const digits = text.replace(/[^0-9]/g, '').length;
  return digits >= 5 && digits <= 20;
}
export const TRACKING_CODE = /^[2-9A-HJ-NP-Z]{12}$/;

export function stateBadge(c) {
  return h(`span.badge.complaint-${c.state}`, { dataset: { state: c.state } }, c.state_label);
}

export const overdueBadge = (c) => (c.overdue ? h('span.badge.complaint-overdue', '已逾期') : null);

/** The controls of an intake (category, subject, content, complainant, respondent), by API field name. */
export function intakeControls() {
  return {
    category: select({ name: 'category', value: '' }, COMPLAINT_CATEGORY, { empty: '请选择' }),
    subject: textInput('subject', { maxlength: 60 }),
    content: textArea('content', { maxlength: 2000, rows: 6 }),
    complainant_name: textInput('complainant_name', { maxlength: 30, autocomplete: 'name' }),
    complainant_phone: textInput('complainant_phone', { maxlength: 20, inputmode: 'tel', class: 'mono', autocomplete: 'tel' }),
    respondent: textInput('respondent', { maxlength: 60 }),
  };
}

/** The labelled fields of intakeControls(); `who` says whose name the complainant fields ask for. */
export function intakeFields(c, { who = '投诉人' } = {}) {
  const L = COMPLAINT_FIELD_LABEL;
  return [
    h('div.form-grid',
      field(L.category, c.category, { required: true }),
      field(L.subject, c.subject, { required: true, span: 2, hint: '2–60 字，一句话说明投诉什么' }),
      field(L.respondent, c.respondent, { span: 2, hint: '可不填；至多 60 字' })),
    field(L.content, c.content, { required: true, hint: '2–2000 字：何时、何处、何单位或何人、何事，以及诉求' }),
    h('div.form-grid',
      field(`${who}姓名`, c.complainant_name, { hint: '可不填（匿名投诉）' }),
      field(`${who}联系电话`, c.complainant_phone, { hint: '可不填；便于回访，加密保存' })),
  ];
}

/** Local checks of an intake's values: [[field, message]…]. */
export function intakeProblems(v) {
  const problems = [];
  if (!v.category) problems.push(['category', '请选择投诉类别']);
  for (const [name, [min, max]] of Object.entries(LIMITS)) {
    const n = [...(v[name] || '')].length;
    if ((min && n < min) || n > max) problems.push([name, min ? `${COMPLAINT_FIELD_LABEL[name]}应为 ${min}–${max} 字` : `${COMPLAINT_FIELD_LABEL[name]}至多 ${max} 字`]);
  }
  if (v.complainant_phone && !phoneOk(v.complainant_phone)) problems.push(['complainant_phone', '联系电话应为 5 到 20 位数字，可含空格、+ 和 -，如 13909371234 或 0937-6221234；或不填']);
  return problems;
}

/** The request body of an intake: empty optional fields left out. */
export function intakeBody(v, extra = {}) {
  const body = { ...extra, category: v.category, subject: v.subject, content: v.content };
  for (const name of ['complainant_name', 'complainant_phone', 'respondent']) if (v[name]) body[name] = v[name];
  return body;
}
