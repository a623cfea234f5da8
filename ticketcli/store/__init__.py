"""Everything ticketcli keeps on disk, and where: the folders (:mod:`.paths`), private atomic
files (:mod:`.files`), the profiles (:mod:`.config`), secrets in the OS keyring
(:mod:`.secrets`), drafts (:mod:`.drafts`), the outbox (:mod:`.outbox`) and the history of
delivered tickets (:mod:`.history`)."""
