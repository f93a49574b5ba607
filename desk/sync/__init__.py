"""Sync bundles between a region and the central office: keys, manifest, export, central import, receipts.

A region exports its changes as one file: a zip archive (manifest, its minisign signature, JSON Lines per table)
encrypted with age to the central office's recipient. The centre decrypts, checks the signature against the
region's trusted key, the hashes and the sequence, applies the bundle in one transaction and signs a receipt,
which the region loads to move the start of its next export. No Qt here.
"""
