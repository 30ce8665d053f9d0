"""mnfu: the generator of the Multinational Force – Ukraine reference site.

The pipeline follows its modules: ``load`` -> ``models`` -> ``resolve`` -> ``render`` -> ``write``,
then ``check``; ``cli`` only parses arguments. Only ``load``, ``write`` and ``check`` touch the disk.
"""

__version__ = "0.1.0"
