import type { Language } from './language.js';

/** Portuguese. */
export const pt: Language = {
  headings: {
    actionItems: ['ações corretivas', 'itens de ação', 'ações de acompanhamento', 'plano de ação'],
    postIncident: ['após o incidente', 'pós incidente', 'postmortem', 'retrospectiva', 'acompanhamento'],
    agenda: ['agenda', 'pauta', 'reunião'],
    immediate: ['imediato', 'imediata', 'imediatas', 'imediatamente', 'ações imediatas'],
    first: ['primeiros', 'primeiras', 'primeiro', 'primeira'],
  },
  fields: {
    severity: ['severidade', 'gravidade', 'prioridade', 'criticidade', 'nível de severidade'],
    impactStart: ['início do impacto', 'início', 'hora de início'],
    action: ['ação', 'tarefa', 'descrição'],
    owner: ['responsável', 'dono'],
    status: ['status', 'estado', 'feito'],
  },
  severity: {
    crítica: 'critical',
    crítico: 'critical',
    alta: 'high',
    alto: 'high',
    maior: 'major',
    média: 'medium',
    médio: 'medium',
    menor: 'minor',
    baixa: 'low',
    baixo: 'low',
  },
  time: {
    minute: ['minuto', 'minutos', 'min'],
    hour: ['hora', 'horas'],
    day: ['dia', 'dias'],
    week: ['semana', 'semanas'],
  },
  cues: {
    question: ['foi', 'houve', 'é', 'como', 'qual', 'quais', 'quem', 'por que', 'o que'],
    choice: ['selecione', 'selecionar', 'escolha', 'escolher', 'marque', 'marcar', 'determinar a severidade'],
    state: ['status', 'estado', 'resultado', 'status do sla'],
    condition: ['quando', 'se', 'critérios', 'condições', 'escalar se', 'escalar quando'],
    answers: ['sim', 'não', 'parcialmente', 'desconhecido', 'nenhum', 'nenhuma', 'não se aplica', 'talvez'],
    attestation: ['eu confirmo', 'confirmo', 'eu li', 'li e', 'concordo'],
  },
  placeholders: {
    nouns: ['ação', 'tarefa', 'passo', 'sintoma', 'causa', 'item'],
    instructions: ['adicionar', 'adicione', 'descrever', 'descreva', 'listar', 'liste', 'indicar', 'atribuir'],
    here: ['aqui', 'abaixo'],
    objects: ['responsáveis e prazos', 'responsáveis', 'prazos'],
  },
  doneWhen: {
    verbs: ['atribuir', 'designar', 'nomear', 'escolher', 'assumir', 'definir'],
    roles: {
      lead: [
        'comandante do incidente',
        'comandante',
        'líder',
        'coordenador',
        'gerente do incidente',
        'incident manager',
        'ic',
      ],
      scribe: ['escriba', 'secretário', 'redator'],
      comms: ['comunicação', 'responsável pela comunicação', 'comunicações'],
    },
  },
};
