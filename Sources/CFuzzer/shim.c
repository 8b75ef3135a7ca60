// No code: the module declares libFuzzer's driver (see include/CFuzzer.h).
