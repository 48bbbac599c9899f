import type { Language } from './language.js';

/** Korean. */
export const ko: Language = {
  headings: {
    actionItems: ['후속 조치', '조치 항목', '액션 아이템', '개선 조치', '재발 방지'],
    postIncident: ['사후', '장애 이후', '포스트모템', '회고'],
    agenda: ['안건', '의제', '회의'],
    immediate: ['즉시', '긴급 조치', '초기 대응'],
    first: ['처음', '최초', '첫'],
  },
  fields: {
    severity: ['심각도', '우선순위', '중요도', '등급', '장애 등급'],
    impactStart: ['영향 시작', '발생 시각', '시작 시간'],
    action: ['조치', '작업', '내용', '설명'],
    owner: ['담당자', '담당', '책임자'],
    status: ['상태', '완료'],
  },
  severity: {
    치명적: 'critical',
    긴급: 'critical',
    높음: 'high',
    상: 'high',
    중대: 'major',
    보통: 'medium',
    중간: 'medium',
    중: 'medium',
    경미: 'minor',
    낮음: 'low',
    하: 'low',
  },
  time: { minute: ['분'], hour: ['시간'], day: ['일'], week: ['주'] },
  cues: {
    question: ['어떤', '어떻게', '무엇', '왜', '누가'],
    // "Tick what applies", not a bare 체크: "다음 항목을 체크하세요" lists steps to check.
    choice: ['선택', '고르세요', '해당 항목', '해당되는 항목', '해당하는 항목'],
    state: ['상태', '결과'],
    // Not 경우 ("in case"): it ends "…경우:", which opens that case's steps, as "If …:" does in English.
    condition: ['조건', '기준', '에스컬레이션 조건'],
    answers: ['예', '아니오', '아니요', '부분적', '일부', '알 수 없음', '없음', '해당 없음'],
    attestation: ['확인했습니다', '동의합니다', '읽었습니다'],
  },
  placeholders: {
    nouns: ['조치', '작업', '단계', '증상', '원인', '항목'],
    instructions: ['추가', '작성', '기입', '입력', '지정', '할당'],
    here: ['여기에', '여기', '아래에'],
    objects: ['담당자와 기한', '담당자', '기한'],
  },
  doneWhen: {
    verbs: ['지정', '임명', '할당', '선정', '배정'],
    roles: {
      lead: ['인시던트 커맨더', '인시던트 매니저', '장애 책임자', '책임자', '리더', '지휘관', 'ic'],
      scribe: ['기록 담당', '기록자', '서기'],
      comms: ['커뮤니케이션 담당', '소통 담당', '대외 커뮤니케이션'],
    },
  },
};
