import type { Language } from './language.js';

/** Turkish. */
export const tr: Language = {
  headings: {
    actionItems: ['aksiyon maddeleri', 'düzeltici faaliyetler', 'takip aksiyonları'],
    postIncident: ['olay sonrası', 'olay sonrasi', 'post mortem', 'retrospektif', 'değerlendirme'],
    agenda: ['gündem', 'toplantı'],
    immediate: ['acil', 'hemen', 'derhal', 'acil eylemler'],
    first: ['ilk'],
  },
  fields: {
    severity: ['önem derecesi', 'önem', 'öncelik', 'ciddiyet', 'kritiklik'],
    impactStart: ['etki başlangıcı', 'başlangıç', 'başlangıç zamanı'],
    action: ['aksiyon', 'eylem', 'görev', 'açıklama'],
    owner: ['sorumlu', 'sahibi', 'atanan'],
    status: ['durum', 'tamamlandı'],
  },
  severity: { kritik: 'critical', yüksek: 'high', büyük: 'major', orta: 'medium', küçük: 'minor', düşük: 'low' },
  time: { minute: ['dakika', 'dk'], hour: ['saat', 'sa'], day: ['gün'], week: ['hafta'] },
  cues: {
    question: ['nasıl', 'ne', 'hangi', 'kim', 'neden'],
    choice: ['seçin', 'seçiniz', 'işaretleyin', 'birini seçin', 'önem derecesini belirleyin'],
    state: ['durum', 'sonuç', 'sla durumu'],
    // Not "ise" or "durumunda": they end "… durumunda:", which opens that case's steps ("If …:").
    condition: ['eğer', 'kriterler', 'koşullar'],
    answers: ['evet', 'hayır', 'kısmen', 'bilinmiyor', 'yok', 'hiçbiri', 'uygulanamaz', 'belki'],
    attestation: ['onaylıyorum', 'okudum', 'kabul ediyorum'],
  },
  placeholders: {
    nouns: ['aksiyon', 'eylem', 'görev', 'adım', 'belirti', 'neden', 'madde'],
    instructions: ['ekleyin', 'ekle', 'yazın', 'açıklayın', 'listeleyin', 'atayın', 'belirtin'],
    here: ['buraya', 'burada', 'aşağıya'],
    objects: ['sorumlular ve tarihler', 'sorumlular', 'tarihler'],
  },
  doneWhen: {
    verbs: ['atayın', 'ata', 'atanması', 'belirleyin', 'belirle', 'seçin', 'görevlendirin'],
    roles: {
      lead: ['olay yöneticisi', 'olay komutanı', 'incident commander', 'lider', 'koordinatör', 'ic'],
      scribe: ['not tutucu', 'kayıt sorumlusu', 'katip'],
      comms: ['iletişim sorumlusu', 'iletişim'],
    },
  },
};
