"""Files written for people: `cxm new`, `cxm init` and `cxm schema`."""
