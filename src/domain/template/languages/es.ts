import type { Language } from './language.js';

/** Spanish. */
export const es: Language = {
  headings: {
    actionItems: ['acciones correctivas', 'acciones de seguimiento', 'plan de acción'],
    postIncident: ['después del incidente', 'post incidente', 'postmortem', 'retrospectiva', 'seguimiento'],
    agenda: ['agenda', 'orden del día', 'reunión'],
    immediate: ['inmediato', 'inmediata', 'inmediatas', 'inmediatamente', 'acciones inmediatas'],
    first: ['primeros', 'primeras', 'primer', 'primera'],
  },
  fields: {
    severity: ['severidad', 'gravedad', 'prioridad', 'criticidad', 'nivel de severidad'],
    impactStart: ['inicio del impacto', 'inicio', 'hora de inicio'],
    action: ['acción', 'tarea', 'descripción'],
    owner: ['responsable', 'dueño', 'encargado'],
    status: ['estado', 'hecho'],
  },
  severity: {
    crítica: 'critical',
    crítico: 'critical',
    alta: 'high',
    alto: 'high',
    mayor: 'major',
    media: 'medium',
    medio: 'medium',
    menor: 'minor',
    baja: 'low',
    bajo: 'low',
  },
  time: {
    minute: ['minuto', 'minutos', 'min'],
    hour: ['hora', 'horas'],
    day: ['día', 'días', 'dia', 'dias'],
    week: ['semana', 'semanas'],
  },
  cues: {
    question: ['fue', 'se', 'hubo', 'es', 'cómo', 'qué', 'cuál', 'cuáles', 'quién', 'por qué'],
    choice: ['seleccione', 'seleccionar', 'elija', 'elegir', 'marque', 'marcar', 'determinar la severidad'],
    state: ['estado', 'resultado', 'estado del sla'],
    condition: ['cuando', 'si', 'criterios', 'condiciones', 'escalar si', 'escalar cuando'],
    answers: ['sí', 'si', 'no', 'parcialmente', 'desconocido', 'ninguno', 'ninguna', 'no aplica', 'quizás'],
    attestation: ['confirmo', 'he leído', 'acepto', 'declaro'],
  },
  placeholders: {
    nouns: ['acción', 'tarea', 'paso', 'síntoma', 'causa', 'elemento', 'punto'],
    instructions: ['añadir', 'añada', 'agregar', 'agregue', 'describir', 'describa', 'listar', 'indicar', 'asignar'],
    here: ['aquí', 'aqui', 'abajo'],
    objects: ['responsables y fechas', 'responsables', 'fechas límite'],
  },
  doneWhen: {
    verbs: ['asignar', 'designar', 'nombrar', 'elegir', 'asumir', 'identificar'],
    roles: {
      lead: [
        'comandante del incidente',
        'comandante',
        'líder',
        'lider',
        'coordinador',
        'responsable del incidente',
        'incident manager',
        'ic',
      ],
      scribe: ['escriba', 'secretario', 'relator'],
      comms: ['comunicaciones', 'responsable de comunicación', 'comunicación'],
    },
  },
};
