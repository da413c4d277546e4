"""TiếpCận: building, assessing and recognising communes that meet the legal-access standard."""
