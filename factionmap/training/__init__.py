"""Training and honest evaluation of the learned relation decision (issue 9).

Nothing here runs at extraction time: the package's extractor only loads the model file that
``make train`` writes (see ``factionmap/extract/decide.py``). This package reads the annotated corpora,
aligns their gold relations with the extractor's candidate pairs, fits the model and scores it.
"""
