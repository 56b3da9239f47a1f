"""Public statistics on the portal: the transparency page ("Thống kê", ``/thong-ke/``), the visit counter
(``middleware``) and the "Thống kê truy cập" block of the footer (``footer``). Numbers come from ``motcua.reports``."""
