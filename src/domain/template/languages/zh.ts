import type { Language } from './language.js';

/** Chinese, simplified and traditional (written without spaces: phrases match as substrings). */
export const zh: Language = {
  headings: {
    actionItems: ['行动项', '改进措施', '后续行动', '後續行動', '行動項目', '待办事项'],
    postIncident: ['事后', '事後', '复盘', '復盤', '事件回顾', '事故复盘'],
    agenda: ['议程', '議程', '会议', '會議'],
    immediate: ['立即', '马上', '馬上', '紧急处理', '緊急處理'],
    first: ['最初', '前', '首'],
  },
  fields: {
    severity: ['严重程度', '嚴重程度', '严重性', '嚴重性', '优先级', '優先級', '级别', '級別'],
    impactStart: ['影响开始', '影響開始', '开始时间', '開始時間', '发生时间'],
    action: ['行动', '行動', '措施', '任务', '任務', '描述'],
    owner: ['负责人', '負責人', '责任人', '責任人'],
    status: ['状态', '狀態', '完成'],
  },
  severity: {
    致命: 'critical',
    紧急: 'critical',
    緊急: 'critical',
    高: 'high',
    严重: 'major',
    嚴重: 'major',
    中: 'medium',
    轻微: 'minor',
    輕微: 'minor',
    低: 'low',
  },
  time: { minute: ['分钟', '分鐘', '分'], hour: ['小时', '小時'], day: ['天', '日'], week: ['周', '週', '星期'] },
  cues: {
    question: ['是否', '哪些', '哪个', '如何', '为什么', '為什麼', '谁'],
    choice: ['选择', '選擇', '勾选', '勾選', '请选择', '請選擇'],
    state: ['状态', '狀態', '结果', '結果'],
    condition: ['条件', '條件', '标准', '標準', '当', '如果'],
    answers: ['是', '否', '部分', '未知', '无', '無', '不适用', '不適用'],
    attestation: ['我确认', '我確認', '我已阅读', '我已閱讀', '我同意'],
  },
  placeholders: {
    nouns: ['行动', '行動', '任务', '任務', '步骤', '步驟', '症状', '症狀', '原因', '事项', '事項'],
    instructions: ['添加', '填写', '填寫', '描述', '列出', '分配'],
    here: ['在此', '在这里', '在這裡', '此处', '此處'],
    objects: ['负责人和截止日期', '負責人和截止日期', '负责人', '截止日期'],
  },
  doneWhen: {
    verbs: ['指定', '任命', '分配', '确定', '確定', '指派'],
    roles: {
      lead: ['事件指挥官', '事件指揮官', '事件负责人', '事件負責人', '指挥官', '指揮官', '负责人', '負責人', 'ic'],
      scribe: ['记录员', '記錄員', '书记员'],
      comms: ['沟通负责人', '溝通負責人', '对外沟通', '通讯负责人'],
    },
  },
};
