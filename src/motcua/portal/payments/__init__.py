""" "Thanh toán phí/lệ phí" on the portal: fee details, the bank / e-wallet choice, QR, result page, receipts."""
