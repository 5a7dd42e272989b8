"""Working Backwards documents: PR/FAQs, narratives, one-pagers; the writing checker,
print layout, versions and silent-reading reviews."""
