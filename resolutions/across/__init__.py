"""Across the library: text folding (`folding`), series of versions (`series`), two versions
lined up (`alignment`) and diffed word by word (`diff`, `changes`), paragraphs followed through a
series (`descent`), and agreed language (`agreed`, `bounds`)."""
