"""Peer baselines: other tools' time taggers, wrapped to return our `Mention` records.

Each module here exposes ``extract(text, lang, dct) -> list[Mention]`` so that the
evaluation can score a peer exactly as it scores our own extractor.

- `timeline.peers.dateparser_search`: ``dateparser.search.search_dates``.
"""
