import type { Language } from './language.js';

/** Japanese (written without spaces: phrases match as substrings). */
export const ja: Language = {
  headings: {
    actionItems: ['アクションアイテム', '再発防止策', '対応項目', 'フォローアップ', '是正処置'],
    postIncident: ['インシデント後', '事後対応', 'ポストモーテム', '振り返り'],
    agenda: ['アジェンダ', '議題', '会議'],
    immediate: ['即時', '直ちに', 'すぐに', '初動'],
    first: ['最初の', '初めの', '最初'],
  },
  fields: {
    severity: ['重要度', '深刻度', '優先度', '緊急度', '重大度'],
    impactStart: ['影響開始', '発生日時', '開始時刻'],
    action: ['アクション', '対応内容', 'タスク', '内容'],
    owner: ['担当者', '担当', 'オーナー'],
    status: ['ステータス', '状態', '完了'],
  },
  severity: { 致命的: 'critical', 緊急: 'critical', 高: 'high', 重大: 'major', 中: 'medium', 軽微: 'minor', 低: 'low' },
  time: { minute: ['分間', '分'], hour: ['時間'], day: ['日間', '日'], week: ['週間', '週'] },
  cues: {
    question: ['どの', 'どのように', 'なぜ', '誰が'],
    // "Tick what applies", not a bare チェックして: "以下の項目をチェックしてください" lists steps to check.
    choice: ['選択', '選んで', '1つ選', '該当するもの', '当てはまるもの'],
    state: ['ステータス', '状態', '結果'],
    // Not 場合 ("in case"): it ends "…した場合：", which opens that case's steps, as "If …:" does in English.
    condition: ['条件', '基準', 'エスカレーション条件'],
    answers: ['はい', 'いいえ', '一部', '不明', 'なし', '該当なし'],
    attestation: ['確認しました', '同意します', '読みました'],
  },
  placeholders: {
    nouns: ['アクション', 'タスク', '手順', '症状', '原因', '項目'],
    instructions: ['追加', '記入', '記載', '入力', '割り当て'],
    here: ['ここに', 'こちらに', '以下に'],
    objects: ['担当者と期限', '担当者', '期限'],
  },
  doneWhen: {
    verbs: ['任命', '指名', '割り当て', 'アサイン', '決める', '決定'],
    roles: {
      lead: ['インシデントコマンダー', 'インシデントマネージャー', '指揮者', '責任者', 'リーダー', 'ic'],
      scribe: ['記録係', '書記'],
      comms: ['広報担当', 'コミュニケーション担当', '連絡担当'],
    },
  },
};
