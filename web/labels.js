// labels.js — Chinese names of the API's codes and fields, in one place.

export const PRODUCT = '流动人口服务管理信息平台';

// Person fields in display order, with the labels the server uses.
export const FIELDS = [
  ['id_number', '公民身份号码'],
  ['name', '姓名'],
  ['sex', '性别'],
  ['birth_date', '出生日期'],
  ['ethnicity', '民族'],
  ['hukou_division', '户籍地'],
  ['hukou_address', '户籍地详细地址'],
  ['residence_division', '现居住社区（村）'],
  ['residence_address', '现居住地详细地址'],
  ['flow', '流动类型'],
  ['management', '管理状态'],
  ['marital_status', '婚姻状况'],
  ['marriage_date', '初婚（结婚）日期'],
  ['arrival_date', '流入（流出）日期'],
  ['phone', '联系电话'],
];
export const FIELD_LABEL = Object.fromEntries(FIELDS);

// Fields of certificates and contracts (requests and error.field).
export const CERTIFICATE_FIELD_LABEL = {
  number: '证明编号', kind: '证明种类', state: '状态', issued_on: '签发日期', valid_until: '有效期至',
  issuer_name: '签发（出具）机关', spouse_name: '配偶姓名', spouse_id_number: '配偶公民身份号码',
  children: '子女情况', contract_deadline: '交验期限', received_by: '领取人', distributed_on: '发放日期',
  reason: '注销原因', cause: '补发原因', note: '说明', marital_status: '婚姻状况', id_number: '持证人公民身份号码',
};

export const SEX = { M: '男', F: '女' };
export const FLOW = [['inflow', '流入'], ['outflow', '流出']];
export const MANAGEMENT = [['floating', '流动管理'], ['resident', '转为常住管理'], ['handed_over', '已移交'], ['left', '已离开']];

// GB 3304 民族代码.
export const ETHNICITY = [
  ['01', '汉族'], ['02', '蒙古族'], ['03', '回族'], ['04', '藏族'], ['05', '维吾尔族'], ['06', '苗族'],
  ['07', '彝族'], ['08', '壮族'], ['09', '布依族'], ['10', '朝鲜族'], ['11', '满族'], ['12', '侗族'],
  ['13', '瑶族'], ['14', '白族'], ['15', '土家族'], ['16', '哈尼族'], ['17', '哈萨克族'], ['18', '傣族'],
  ['19', '黎族'], ['20', '傈僳族'], ['21', '佤族'], ['22', '畲族'], ['23', '高山族'], ['24', '拉祜族'],
  ['25', '水族'], ['26', '东乡族'], ['27', '纳西族'], ['28', '景颇族'], ['29', '柯尔克孜族'], ['30', '土族'],
  ['31', '达斡尔族'], ['32', '仫佬族'], ['33', '羌族'], ['34', '布朗族'], ['35', '撒拉族'], ['36', '毛南族'],
  ['37', '仡佬族'], ['38', '锡伯族'], ['39', '阿昌族'], ['40', '普米族'], ['41', '塔吉克族'], ['42', '怒族'],
  ['43', '乌孜别克族'], ['44', '俄罗斯族'], ['45', '鄂温克族'], ['46', '德昂族'], ['47', '保安族'],
  ['48', '裕固族'], ['49', '京族'], ['50', '塔塔尔族'], ['51', '独龙族'], ['52', '鄂伦春族'], ['53', '赫哲族'],
  ['54', '门巴族'], ['55', '珞巴族'], ['56', '基诺族'], ['97', '其他'], ['98', '外国血统中国籍人士'],
];

// GB/T 2261.2 婚姻状况代码.
export const MARITAL_STATUS = [
  ['10', '未婚'], ['20', '已婚'], ['21', '初婚'], ['22', '再婚'], ['23', '复婚'], ['30', '丧偶'], ['40', '离婚'],
  ['90', '未说明的婚姻状况'],
];

export const ROLE = {
  admin: '系统管理员', city_officer: '市人口计生委', town_officer: '镇/街道计生办',
  community_officer: '社区(村)专管员', police_liaison: '派出所/协管民警', department: '职能部门',
  warden: '保安综治员', liaison: '计生协会联络员', employer: '用工单位/雇主', landlord: '出租户',
};

// Certificates (docs/api.md 婚育证明格式): kinds, states with their badge, replacement causes.
export const CERTIFICATE_KIND = {
  standard: '流动人口婚育证明', temporary: '临时婚育证明', transfer: '流动人口婚育证明（移交）', external: '外地出具的婚育证明',
};
export const CERTIFICATE_STATE = {
  issued: '已签发', distributed: '已发放', revoked: '已注销', replaced: '已补发换证', expired: '已过期',
};
export const CONTRACT_STATE = { active: '履行中', fulfilled: '已履行', cancelled: '已解除', overdue: '已逾期' };
export const LOSS_CAUSE = [['lost', '遗失'], ['damaged', '损坏']];
/** Kinds this system issues (and so may replace and print). */
export const OWN_KINDS = ['standard', 'temporary', 'transfer'];

/** "2026-11-29" → "2026年11月29日" (official documents); other text as it is. */
export function chineseDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : text || '';
}

/** Whole years from birth date to `on` (both YYYY-MM-DD); null if either is missing. */
export function ageOn(birth, on) {
  if (!birth || !on) return null;
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Today in the browser's (the office's) time zone as YYYY-MM-DD. */
export function todayText() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Letter inquiries (docs/api.md 函调格式).
export const INQUIRY_STATE = { draft: '草稿', sent: '已发出', overdue: '已逾期', answered: '已回复', cancelled: '已撤销' };
export const INQUIRY_CHANNEL = [['letter', '信函'], ['network', '网络'], ['workstation', '驻外工作站']];
export const INQUIRY_URGENCY = [['normal', '普通'], ['urgent', '加急']];
export const INQUIRY_SUBJECT = [['marital', '婚姻状况'], ['marital_childbearing', '婚姻和生育状况']];
export const INQUIRY_FIELD_LABEL = {
  person_id: '被函调人', to_division: '受函地', channel: '函调方式', urgency: '紧急程度', subject: '函调事项',
  note: '函调说明', sent_on: '发出日期', due_on: '回复期限', marital_status: '回函所述婚姻状况',
  reference: '回函文号', answer_text: '回函内容', answered_on: '回复日期', reason: '撤销原因', state: '状态',
};

// Transitions between floating and resident management (docs/api.md 转换).
export const TRANSITION_KIND = [
  ['resident_by_marriage', '夫妻一方为本市户籍转常住管理'],
  ['resident_by_stay', '居住满一年转常住管理'],
  ['handover', '移交配偶所在地管理'],
  ['left', '迁离'],
  ['returned', '返回'],
];
export const TRANSITION_FIELD_LABEL = {
  kind: '转换种类', effective_on: '办理日期', long_term_residence: '长期居住', fixed_residence: '固定住所',
  intent_to_stay: '长期居住意愿', inquiry_id: '已回复的函调', spouse_name: '配偶姓名',
  spouse_id_number: '配偶公民身份号码', destination_division: '区划代码', destination_address: '详细地址',
  documents: '查验的材料',
};

// The work list (docs/api.md GET /api/v1/worklist), in the order the tiles show.
export const WORKLIST_KIND = [
  ['certificate_missing', '未交验婚育证明'],
  ['temporary_ending', '临时婚育证明即将到期'],
  ['temporary_ended', '临时婚育证明已到期'],
  ['contract_overdue', '管理服务合同书逾期'],
  ['inquiry_due', '函调即将到期'],
  ['inquiry_overdue', '函调逾期未复'],
  ['resident_candidate', '可转为常住管理'],
  ['outflow_without_certificate', '流出人口未办婚育证明'],
  ['report_unhandled', '现场报告待处理'],
  ['complaint_overdue', '投诉逾期未答复'],
];

// Outflow registration (docs/api.md 流出人口登记格式).
export const FEEDBACK_DIRECTION = [['sent', '发往流入地'], ['received', '流入地反馈']];
export const FEEDBACK_CHANNEL = INQUIRY_CHANNEL;
export const BENEFIT_KIND = [
  ['only_child_parent_reward', '独生子女父母奖励费'],
  ['rural_family_support', '农村部分计划生育家庭奖励扶助'],
  ['special_hardship_support', '计划生育家庭特别扶助'],
  ['other', '其他奖励优惠'],
];
export const OUTFLOW_FIELD_LABEL = {
  departed_on: '外出日期', destination_division: '流入地区划代码', destination_address: '流入地详细地址',
  employer_there: '流入地工作单位', contact_phone: '在外联系电话', note: '备注', returned_on: '返回日期',
  direction: '方向', channel: '渠道', happened_on: '日期', counterpart: '对方单位', content: '反馈内容',
  kind: '种类', period: '所属期间', amount: '金额（元）', granted_on: '核定日期', paid_on: '发放日期',
  reason: '撤销原因',
};

export const AUDIT_ACTION = [
  ['login', '登录'], ['logout', '退出登录'], ['password.change', '修改密码'],
  ['person.search', '查询档案'], ['person.read', '查看档案'], ['person.history', '查看变更历史'],
  ['person.lookup', '异地查询'], ['person.create', '登记档案'], ['person.update', '修改档案'],
  ['audit.search', '查询审计记录'],
  ['certificate.issue', '签发婚育证明'], ['certificate.record', '登记外地婚育证明'],
  ['certificate.list', '查看婚育证明列表'], ['certificate.read', '查看婚育证明'],
  ['certificate.distribute', '发放婚育证明'], ['certificate.revoke', '注销婚育证明'],
  ['certificate.replace', '补发婚育证明'], ['certificate.check', '查验婚育证明'],
  ['contract.list', '查看管理服务合同书'],
  ['inquiry.create', '新建函调'], ['inquiry.send', '发出函调'], ['inquiry.answer', '登记回函'],
  ['inquiry.cancel', '撤销函调'], ['inquiry.read', '查看函调'], ['inquiry.list', '查看本人函调'],
  ['inquiry.search', '查询函调'],
  ['transition.create', '办理转换'], ['transition.check', '核对转换条件'], ['transition.list', '查看转换记录'],
  ['event.list', '查看办理记录'], ['worklist.read', '查看待办事项'],
  ['departure.create', '登记外出'], ['departure.return', '登记外出返回'], ['departure.list', '查看外出登记'],
  ['feedback.create', '登记反馈'], ['feedback.list', '查看反馈'],
  ['benefit.grant', '核定奖励优惠'], ['benefit.pay', '登记奖励优惠发放'], ['benefit.cancel', '撤销奖励优惠'],
  ['benefit.list', '查看奖励优惠'],
  ['employment.create', '登记职工'], ['employment.update', '修改用工记录'], ['employment.list', '查看职工'],
  ['employment.register', '查看（导出）建筑工地登记册'],
  ['home.create', '登记出租房屋'], ['home.update', '修改出租房屋'], ['home.get', '查看出租房屋'],
  ['home.search', '查询出租房屋'], ['tenancy.create', '登记租住'], ['tenancy.end', '结束租住'],
  ['tenancy.list', '查看租户'],
  ['field_report.create', '提交现场报告'], ['field_report.verify', '核实现场报告'],
  ['field_report.close', '办结现场报告'], ['field_report.get', '查看现场报告'],
  ['field_report.search', '查询现场报告'],
  ['notice.send', '发送通报'], ['notice.get', '查看通报'], ['notice.inbox', '查看通报收件箱'],
  ['notice.acknowledge', '确认收到通报'],
  ['visit.create', '新建联合走访'], ['visit.police', '填写走访（公安部分）'],
  ['visit.family', '填写走访（计生部分）'], ['visit.person_add', '走访添加人员'],
  ['visit.get', '查看联合走访'], ['visit.search', '查询联合走访'],
  ['organization.create', '登记单位'], ['organization.update', '修改单位'], ['organization.get', '查看单位'],
  ['organization.search', '查询单位'], ['organization.history', '查看单位变更历史'],
  ['setting.set', '修改部署设置'], ['certificate.verify', '扫码核验证明'],
  ['user.add', '新增用户'], ['user.disable', '停用用户'], ['user.unlock', '解锁用户'],
  ['user.reset_password', '重置密码'],
  ['user.list', '查看用户'], ['token.create', '新建接口令牌'], ['token.list', '查看接口令牌'], ['token.revoke', '吊销接口令牌'],
  ['complaint.create', '登记投诉'], ['complaint.search', '查询投诉'], ['complaint.get', '查看投诉'],
  ['complaint.assign', '交办投诉'], ['complaint.answer', '答复投诉'], ['complaint.close', '办结投诉'],
  ['complaint.reopen', '重新办理投诉'],
  ['agreement.create', '签订目标管理责任书'], ['agreement.search', '查询责任书'], ['agreement.get', '查看责任书'],
  ['agreement.update', '修改责任书'], ['agreement.assess', '年终考核评分'], ['agreement.finalize', '考核结果定档'],
  ['assessment.ranking', '查看考核排名'], ['award.create', '授予奖项'], ['award.search', '查看奖项'],
  ['aid.create', '登记救助'], ['aid.list', '查看救助记录'],
];

const OUTCOME = {
  ok: '成功', failed: '失败', throttled: '受限（须等待）', locked: '已锁定', not_found: '不存在',
  out_of_scope: '超出管辖范围', version_conflict: '版本冲突', duplicate_person: '重复登记',
  invalid_id_number: '身份号码不正确', invalid_input: '输入不正确', missing_field: '缺少必填项',
  invalid_date: '日期不正确', invalid_division: '区划代码不正确', invalid_code: '代码不正确',
  flow_rule_violated: '与流动类型不符', account_locked: '账号已锁定',
  not_allowed: '按规定不能办理', invalid_state: '状态不允许', duplicate_certificate: '证明编号重复',
  transition_condition_unmet: '条件不具备', invalid_credit_code: '信用代码不正确',
  duplicate_organization: '单位重复登记', valid: '有效', expired: '已过期', revoked: '已注销', forged: '签名无效',
};

const tables = {
  ethnicity: Object.fromEntries(ETHNICITY),
  marital_status: Object.fromEntries(MARITAL_STATUS),
  flow: Object.fromEntries(FLOW),
  management: Object.fromEntries(MANAGEMENT),
  sex: SEX,
};

/** The Chinese name of a field's coded value ("01" → 汉族); other values as they are; '' when empty. */
export function valueLabel(field, value) {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'object') return value.name || value.code || '';
  const table = tables[field];
  return (table && table[value]) || String(value);
}

export const actionLabel = (action) => Object.fromEntries(AUDIT_ACTION)[action] || action;

// What the 办理记录 (GET /persons/{id}/events) calls each action; others as in the audit.
const EVENT_ACTION = {
  'certificate.issue': '签发婚育证明', 'certificate.record': '登记外地婚育证明', 'certificate.distribute': '发放婚育证明',
  'certificate.revoke': '注销婚育证明', 'certificate.replace': '补发婚育证明',
  'contract.sign': '签订管理服务合同书', 'contract.fulfil': '履行管理服务合同书',
  'inquiry.create': '函调', 'inquiry.send': '发出函调', 'inquiry.answer': '登记回函', 'inquiry.cancel': '撤销函调',
  'transition.handover': '移交配偶所在地管理', 'transition.resident_by_marriage': '转为常住管理',
  'transition.resident_by_stay': '转为常住管理', 'transition.left': '迁离', 'transition.returned': '返回',
  'departure.create': '外出登记', 'departure.return': '外出返回', 'feedback.create': '信息反馈',
  'benefit.grant': '核定奖励优惠', 'benefit.pay': '发放奖励优惠', 'benefit.cancel': '撤销奖励优惠',
  'aid.give': '爱心救助',
};
export const eventLabel = (action) => EVENT_ACTION[action] || actionLabel(action);
export const outcomeLabel = (outcome) => OUTCOME[outcome] || outcome;

/** "2026-11-29T06:29:57+00:00" → "2026-11-29 14:29:57" in the office's (the browser's) time zone. */
export function dateTime(text) {
  const d = new Date(text);
  if (!text || Number.isNaN(d.getTime())) return text || '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
