import { roleVerb } from './role.js';

export const scribe = roleVerb('scribe', 'make @user the scribe', 'scribe');
