import { roleVerb } from './role.js';

export const lead = roleVerb('lead', 'make @user the incident lead (assigns them; replaces the previous lead)', 'lead');
