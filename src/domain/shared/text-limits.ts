/** Texts a command sets are stored in the status comment; GitHub comments are at most 65,536 characters in all. */
export const MAX_COMMAND_TEXT = 1_000;

/** GitHub issue titles hold at most 256 characters. */
export const MAX_TITLE = 256;
