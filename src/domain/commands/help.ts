import { defineVerb, noArguments } from './verb.js';

/** `help` lists the commands; the registry writes the list, so it is never out of date. */
export const help = defineVerb<{ verb: 'help' }>({
  verb: 'help',
  args: '',
  help: 'this list',
  parse: noArguments('help'),
});
