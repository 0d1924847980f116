/** The size limit the remaining DTO-validated case bodies share (the registered actions state theirs in their schemas). */
export const TEXT_MAX = 5000;
