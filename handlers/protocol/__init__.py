"""The protocol of a meeting: one view model, rendered as chat, Markdown, HTML and PDF.

``model.build_protocol`` collects every fact the Swedish municipal layout needs (the header
table, each § with dnr and Beslut, the signature block, the anslag/bevis block) from the
database once; the renderers only arrange it, so the four formats cannot disagree.
"""
