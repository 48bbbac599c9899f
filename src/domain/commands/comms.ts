import { roleVerb } from './role.js';

export const comms = roleVerb('comms', 'make @user the communications lead', 'communications lead');
